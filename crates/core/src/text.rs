//! Text normalisation for search and similarity.
//!
//! Practitioners type fast on tablets, often without accents ("ruzie" vs "ruzië", "een" vs "één")
//! and with random capitals, so search compares a folded form: lowercase, Dutch/Western diacritics
//! removed, punctuation turned into single spaces. Similarity compares crude word stems without
//! stopwords, so "schopte" and "schoppen" count as the same word and "de"/"the" never do.

/// Folds `text` for matching: lowercase, diacritics stripped (é→e, ë→e, ï→i, ĳ→ij, ß→ss, …),
/// every run of non-alphanumeric characters becomes one space, no leading/trailing space.
pub fn normalize(text: &str) -> String {
    let mut out = Folder {
        out: String::with_capacity(text.len()),
        pending_space: false,
    };
    for c in text.chars() {
        // Fast path: most text is ASCII and needs no Unicode case tables.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push_char(c.to_ascii_lowercase());
            } else {
                out.pending_space = true;
            }
            continue;
        }
        for lower in c.to_lowercase() {
            match fold(lower) {
                Folded::Str(s) => out.push(s),
                Folded::Keep if lower.is_alphanumeric() => out.push_char(lower),
                // Combining mark (decomposed accent): drop it and keep the word together.
                Folded::Drop => {}
                Folded::Keep => out.pending_space = true,
            }
        }
    }
    out.out
}

/// Output of [`normalize`]: separators are remembered and written as one space only before the
/// next word character, which collapses runs and trims both ends.
struct Folder {
    out: String,
    pending_space: bool,
}

impl Folder {
    fn separate(&mut self) {
        if self.pending_space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.pending_space = false;
    }

    fn push(&mut self, s: &str) {
        self.separate();
        self.out.push_str(s);
    }

    fn push_char(&mut self, c: char) {
        self.separate();
        self.out.push(c);
    }
}

enum Folded {
    Str(&'static str),
    Keep,
    Drop,
}

/// One lowercase char to its accent-free spelling.
fn fold(c: char) -> Folded {
    Folded::Str(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ś' | 'š' | 'ş' => "s",
        'ź' | 'ż' | 'ž' => "z",
        'ł' => "l",
        'ř' => "r",
        'ğ' => "g",
        'ĳ' => "ij",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        '\u{0300}'..='\u{036f}' => return Folded::Drop,
        _ => return Folded::Keep,
    })
}

/// Words of an already normalised text.
pub fn words(normalized: &str) -> impl Iterator<Item = &str> {
    normalized.split(' ').filter(|w| !w.is_empty())
}

/// Common Dutch and English function words (normalised, sorted for binary search). They carry no
/// meaning for "is this moment like that one".
const STOPWORDS: &[&str] = &[
    "a", "aan", "about", "after", "again", "al", "alle", "alles", "als", "also", "altijd", "an",
    "and", "andere", "are", "as", "at", "be", "been", "before", "ben", "bij", "but", "by", "can",
    "could", "daar", "daarna", "dan", "dat", "de", "deze", "did", "die", "dit", "do", "doen",
    "does", "door", "down", "dus", "een", "eens", "en", "er", "erg", "even", "for", "from", "ga",
    "gaan", "gaat", "geen", "geweest", "ging", "had", "has", "have", "he", "heb", "hebben",
    "heeft", "heel", "hem", "her", "het", "hier", "hij", "him", "his", "hoe", "hun", "i", "ie",
    "iemand", "iets", "if", "ik", "in", "into", "is", "it", "its", "ja", "je", "jij", "jou",
    "jullie", "just", "kan", "kon", "kunnen", "maar", "me", "meer", "men", "met", "mij", "mijn",
    "moest", "moet", "na", "naar", "nadat", "niet", "niets", "no", "nog", "not", "nu", "of", "ok",
    "om", "omdat", "on", "ons", "ook", "op", "or", "out", "over", "she", "so", "te", "tegen",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "to", "toch", "toen", "tot", "u", "uit", "up", "van", "veel", "very", "voor", "was", "wat",
    "we", "weer", "wel", "werd", "were", "what", "when", "which", "who", "wie", "wij", "will",
    "with", "word", "worden", "wordt", "would", "you", "ze", "zei", "zelf", "zich", "zij", "zijn",
    "zo", "zonder", "zou",
];

pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// Suffixes stripped by [`stem`], longest first: Dutch plural/verb endings and English -ing/-ed/-s.
const SUFFIXES: &[&str] = &[
    "ingen", "ende", "ing", "den", "ten", "en", "de", "te", "ed", "es", "s", "e", "t",
];

/// A deliberately crude stemmer: strips one common ending (keeping at least 4 letters) and then a
/// doubled final consonant, so "schoppen", "schopte" and "schopt" all become "schop". False merges
/// only make a suggestion slightly less precise; the UI shows which words matched.
pub fn stem(word: &str) -> &str {
    let mut stem = word;
    for suffix in SUFFIXES {
        if let Some(rest) = word.strip_suffix(suffix) {
            if rest.chars().count() >= 4 {
                stem = rest;
                break;
            }
        }
    }
    let bytes = stem.as_bytes();
    let n = bytes.len();
    if n >= 4
        && bytes[n - 1] == bytes[n - 2]
        && bytes[n - 1].is_ascii_alphabetic()
        && !b"aeiou".contains(&bytes[n - 1])
    {
        stem = &stem[..n - 1];
    }
    stem
}

/// Meaningful words of a normalised text as `(stem, word)` pairs: no stopwords, no words shorter
/// than 3 characters, no numbers.
pub fn terms(normalized: &str) -> impl Iterator<Item = (&str, &str)> {
    words(normalized)
        .filter(|w| {
            w.chars().count() >= 3 && !is_stopword(w) && !w.chars().all(|c| c.is_ascii_digit())
        })
        .map(|w| (stem(w), w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(
            normalize("Één ruzië, bij de  GLIJBAAN!"),
            "een ruzie bij de glijbaan"
        );
        assert_eq!(normalize("  naïef — café's  "), "naief cafe s");
        assert_eq!(normalize("e\u{301}e\u{308}n"), "een"); // decomposed accents
        assert_eq!(normalize("Straße ĲS"), "strasse ijs");
        assert_eq!(normalize("Юлия 3x"), "юлия 3x");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("?!"), "");
    }

    #[test]
    fn stopwords_are_sorted_and_normalised() {
        assert!(
            STOPWORDS.windows(2).all(|w| w[0] < w[1]),
            "keep STOPWORDS sorted and unique"
        );
        for w in STOPWORDS {
            assert_eq!(normalize(w), *w);
        }
        assert!(is_stopword("de") && is_stopword("the") && !is_stopword("schop"));
    }

    #[test]
    fn stems_conflate_common_forms() {
        for w in ["schoppen", "schopte", "schopt", "schop"] {
            assert_eq!(stem(w), "schop", "{w}");
        }
        assert_eq!(stem("kicking"), "kick");
        assert_eq!(stem("kicked"), "kick");
        assert_eq!(stem("huilde"), "huil");
        assert_eq!(stem("huilen"), "huil");
        assert_eq!(stem("kast"), "kast"); // too short to strip
    }

    #[test]
    fn terms_drop_noise() {
        let t: Vec<_> = terms("hij schopte de bal 3 keer op 12 uur").collect();
        assert_eq!(
            t,
            [
                ("schop", "schopte"),
                ("bal", "bal"),
                ("keer", "keer"),
                ("uur", "uur")
            ]
        );
    }
}
