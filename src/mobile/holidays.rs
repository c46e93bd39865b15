//! French public holidays (jours fériés), on which mobile units do not run unless a schedule
//! says so, and the time zone a commune keeps its clocks in.

use crate::model::InseeCode;
use chrono::{Datelike, Days, NaiveDate};

/// Easter Sunday (Gregorian calendar, the anonymous "Meeus/Jones/Butcher" computation).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a date")
}

/// The public holidays of a year in a département: the eleven national ones, and Good Friday
/// and 26 December in Alsace-Moselle (57, 67, 68). Overseas days of the abolition of slavery
/// are not included.
pub fn public_holidays(year: i32, departement: &str) -> Vec<NaiveDate> {
    let date = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("fixed holiday");
    let e = easter(year);
    let after = |n: u64| e.checked_add_days(Days::new(n)).expect("date");
    let mut days = vec![
        date(1, 1),
        after(1), // Easter Monday
        date(5, 1),
        date(5, 8),
        after(39), // Ascension
        after(50), // Whit Monday
        date(7, 14),
        date(8, 15),
        date(11, 1),
        date(11, 11),
        date(12, 25),
    ];
    if matches!(departement, "57" | "67" | "68") {
        days.push(e.checked_sub_days(Days::new(2)).expect("date")); // Good Friday
        days.push(date(12, 26));
    }
    days.sort();
    days
}

/// Whether a date is a public holiday in a commune.
pub fn is_public_holiday(date: NaiveDate, commune: &InseeCode) -> bool {
    public_holidays(date.year(), commune.departement()).contains(&date)
}

/// The time zone of a commune's clocks: overseas départements keep their own.
pub fn zone_of(commune: &InseeCode) -> chrono_tz::Tz {
    use chrono_tz::{America, Europe, Indian};
    match commune.departement() {
        "971" => America::Guadeloupe,
        "972" => America::Martinique,
        "973" => America::Cayenne,
        "974" => Indian::Reunion,
        "975" => America::Miquelon,
        "976" => Indian::Mayotte,
        "977" => America::St_Barthelemy,
        "978" => America::Marigot,
        _ => Europe::Paris,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_and_the_holidays_that_follow_it() {
        assert_eq!(easter(2024), d(2024, 3, 31));
        assert_eq!(easter(2026), d(2026, 4, 5));
        assert_eq!(easter(2027), d(2027, 3, 28));
        let h = public_holidays(2026, "08");
        assert_eq!(h.len(), 11);
        assert!(h.contains(&d(2026, 4, 6))); // Easter Monday
        assert!(h.contains(&d(2026, 5, 14))); // Ascension
        assert!(h.contains(&d(2026, 5, 25))); // Whit Monday
        assert!(!h.contains(&d(2026, 4, 3)));
        let alsace = public_holidays(2026, "67");
        assert!(alsace.contains(&d(2026, 4, 3)) && alsace.contains(&d(2026, 12, 26)));
        let code = InseeCode::parse("97411").unwrap();
        assert_eq!(zone_of(&code), chrono_tz::Indian::Reunion);
    }
}
