//! ① Bytes → text: a forced encoding, a byte-order mark, valid UTF-8, or
//! chardetng's guess; the name reported is the encoding the text really needs.

use super::{ImportOptions, located};
use crate::diag::Diagnostic;
use encoding_rs::Encoding;

/// Read the bytes as text: a forced encoding, else a byte-order mark, else
/// valid UTF-8, else chardetng's guess (GBK for Chinese legacy text). Returns
/// the text and the name of the encoding it was read as. Line endings stay as
/// they are; [`super::split_units`] handles CRLF, CR and LF alike.
pub fn decode(bytes: &[u8], opts: &ImportOptions) -> Result<(String, &'static str), Diagnostic> {
    let encoding = match &opts.encoding {
        Some(label) => Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            located(
                Diagnostic::error(format!("unknown text encoding `{label}`")),
                opts,
            )
            .hint("use a label such as utf-8, gbk, gb18030 or big5")
        })?,
        None => detect_encoding(bytes),
    };
    // `decode` strips a byte-order mark and lets it override the label, which is
    // what a user forcing GBK on a file saved as UTF-8 with BOM wants.
    let (text, used, had_errors) = encoding.decode(bytes);
    if had_errors {
        let at = first_malformed(bytes, used);
        return Err(located(
            Diagnostic::error(format!(
                "report is not valid {} text (malformed bytes near byte {at})",
                used.name()
            )),
            opts,
        )
        .hint("force the encoding with --encoding (utf-8, gbk, gb18030, big5)"));
    }
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
    {
        return Err(located(
            Diagnostic::error(format!(
                "report is not a text export: it holds the control character U+{:04X} (at character {} of its text as {})",
                c as u32,
                text[..at].chars().count(),
                used.name()
            )),
            opts,
        )
        .hint("export the report as plain text (.txt) from the newspaper's system; a UTF-16 file must be saved as UTF-8 or GB18030"));
    }
    let name = reported_name(used, &text);
    Ok((text.into_owned(), name))
}

/// The encoding to name in the log. encoding_rs decodes GBK with the GB18030
/// decoder (as the WHATWG standard says), so a file chardetng calls GBK may
/// hold four-byte GB18030 sequences for characters GBK lacks (𠀀, 䶮 …): then
/// the file is GB18030 and the log says so.
fn reported_name(used: &'static Encoding, text: &str) -> &'static str {
    if used == encoding_rs::GBK && encoding_rs::GBK.encode(text).2 {
        return encoding_rs::GB18030.name();
    }
    used.name()
}

/// Guess the encoding of unlabelled bytes.
fn detect_encoding(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// Byte offset of the first byte `enc` cannot decode (for the message).
fn first_malformed(bytes: &[u8], enc: &'static Encoding) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        match result {
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                return (read + n).saturating_sub(bad as usize + after as usize);
            }
            encoding_rs::DecoderResult::InputEmpty => return bytes.len(),
            encoding_rs::DecoderResult::OutputFull => {
                read += n;
                out.reserve(bytes.len());
            }
        }
    }
}
