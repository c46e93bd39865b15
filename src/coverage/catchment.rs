//! Floating catchment accessibility: 2SFCA (Luo & Wang 2003), E2SFCA (Luo & Qi 2009) and a
//! gravity form (Joseph & Bantock 1982, as written by Luo & Wang).
//!
//! With P_k the demand (population) at point k, S_j the supply of place j, d the cost between
//! them (in any unit: minutes, metres… the caller's choice) and W(d) a weight that is 0 beyond
//! the catchment size d0:
//!
//! * step 1, a ratio per place: R_j = S_j / Σ_k W(d_kj) P_k (0 when nothing is in reach);
//! * step 2, a score per demand point: A_i = Σ_j W(d_ij) R_j (0 when nothing is in reach).
//!
//! 2SFCA has W = 1 inside the catchment; E2SFCA a step weight by zones (1 / 0.68 / 0.22 for the
//! thirds of d0 by default); the gravity form W(d) = max(d, d_min)^-β. Weights enter both steps,
//! so Σ_i P_i A_i = Σ_j S_j over the places that have some (weighted) demand in reach, and any
//! constant factor in W cancels out.
//!
//! ```
//! use maillage::coverage::catchment::{fca, CatchmentParams, Reach};
//! // two communes, one place 5 km from the first and 20 km from the second
//! let reach = Reach::from_pairs(2, 1, &[(0, 0, 5.0), (1, 0, 20.0)]).unwrap();
//! let a = fca(&reach, &[100.0, 300.0], &[1.0], &CatchmentParams::two_step(30.0)).unwrap();
//! assert_eq!(a, vec![1.0 / 400.0, 1.0 / 400.0]);
//! ```

mod compute;
mod crowfly;
mod error;
mod params;
mod reach;

pub use compute::{accessibility, fca, mean_normalized, supply_ratios};
pub use crowfly::crow_fly_reach;
pub use error::CatchmentError;
pub use params::{CatchmentParams, Decay, LUO_QI_ZONES};
pub use reach::Reach;
