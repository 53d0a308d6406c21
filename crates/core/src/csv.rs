//! CSV for spreadsheets (RFC 4180 quoting). Dutch spreadsheet programs expect `;` between
//! fields (the comma is their decimal sign) and need a byte-order mark to read UTF-8 accents.

/// What starts a CSV file so Excel and LibreOffice read it as UTF-8.
pub const BOM: &str = "\u{feff}";
pub const SEPARATOR: char = ';';

/// Appends one row. A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return at the start) gets a leading `'`: exported notes are other people's text.
pub fn push_row<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(SEPARATOR);
        }
        let cell = cell.as_ref();
        let guarded = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let needs_quotes = guarded || cell.contains([SEPARATOR, '"', '\n', '\r', ',']);
        if needs_quotes {
            out.push('"');
        }
        if guarded {
            out.push('\'');
        }
        out.push_str(&cell.replace('"', "\"\""));
        if needs_quotes {
            out.push('"');
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> String {
        let mut out = String::new();
        push_row(&mut out, cells);
        out
    }

    #[test]
    fn plain_cells_are_joined_with_semicolons() {
        assert_eq!(row(&["Sam K.", "2026-11-23", ""]), "Sam K.;2026-11-23;\r\n");
    }

    #[test]
    fn separators_quotes_and_newlines_are_quoted() {
        assert_eq!(
            row(&["a;b", "zei \"nee\"", "regel 1\nregel 2"]),
            "\"a;b\";\"zei \"\"nee\"\"\";\"regel 1\nregel 2\"\r\n"
        );
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(
            row(&["=HYPERLINK(\"x\")", "-1", "@SUM(A1)"]),
            "\"'=HYPERLINK(\"\"x\"\")\";\"'-1\";\"'@SUM(A1)\"\r\n"
        );
    }
}
