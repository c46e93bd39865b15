//! What can be wrong with the input of a catchment computation.

/// Bad input to a catchment computation: the message names the array, the index and the value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatchmentError {
    /// An array does not have one value per demand point or per place.
    #[error("{what}: got {got} values, expected {expected}")]
    Length {
        what: &'static str,
        got: usize,
        expected: usize,
    },
    /// A population, supply or ratio that is NaN, infinite or negative.
    #[error("{what}[{index}] = {value}: expected a finite number ≥ 0")]
    Value {
        what: &'static str,
        index: usize,
        value: f64,
    },
    /// A demand→place pair with an index out of range or a cost that is not a finite number ≥ 0.
    #[error("pair #{index} (demand {demand}, place {supply}, cost {cost}): {expected}")]
    Pair {
        index: usize,
        demand: usize,
        supply: usize,
        cost: f64,
        expected: String,
    },
    /// A parameter out of its domain.
    #[error("catchment parameter `{field}` = {value}: expected {expected}")]
    Param {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
}

/// Checks that every value is finite and ≥ 0, naming the first that is not.
pub(super) fn check_values(what: &'static str, values: &[f64]) -> Result<(), CatchmentError> {
    match values.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
        None => Ok(()),
        Some(index) => Err(CatchmentError::Value {
            what,
            index,
            value: values[index],
        }),
    }
}

/// Checks that an array has the expected length.
pub(super) fn check_len(
    what: &'static str,
    got: usize,
    expected: usize,
) -> Result<(), CatchmentError> {
    if got == expected {
        Ok(())
    } else {
        Err(CatchmentError::Length {
            what,
            got,
            expected,
        })
    }
}
