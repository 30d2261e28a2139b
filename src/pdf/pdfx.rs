//! PDF/X-4 identification, added to the bytes krilla returns.
//!
//! krilla 0.8 writes the content PDF/X-4 needs (PDF 1.6, ICC-based RGB and
//! device CMYK, page boxes, embedded fonts) but no output intent and no PDF/X
//! identification. krilla ends every file the same way: the document info
//! dictionary, the XMP metadata stream and the catalog are its last three
//! objects, then one cross-reference table and the trailer. This step
//! replaces that tail: the same three objects under the same numbers (the
//! info with `/Trapped` and `/GTS_PDFXVersion`, a new XMP with the PDF/X
//! identification, the catalog with `/OutputIntents`), the output profile and
//! the output intent as two new objects, and one new cross-reference table
//! and trailer that keeps the file's `/ID`. Everything before the tail (pages,
//! fonts, ToUnicode, photos, tags, outline) is kept byte for byte, and the
//! result is a single-revision file, not an incremental update.
//!
//! Its cost is the size of the tail and of the cross-reference table, not of
//! the file (README, "PDF/X-4": measured on the seed and a 992-page issue).

use std::io::Write;
use std::sync::{Arc, Mutex};

/// What the output intent says and carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputIntent {
    /// The CMYK output profile, embedded as it is (checked beforehand).
    pub profile: Arc<Vec<u8>>,
    /// `OutputConditionIdentifier`: a registered name (`FOGRA39`) or `Custom`.
    pub condition: String,
    /// `RegistryName`, for a registered condition.
    pub registry: Option<String>,
    /// `Info`: the condition and profile in words.
    pub info: String,
}

/// The document facts the XMP repeats from the info dictionary.
pub(super) struct Identity<'a> {
    pub title: &'a str,
    pub authors: &'a [String],
    pub description: Option<&'a str>,
    pub lang: &'a str,
    pub creator: &'a str,
    /// Creation (= modification) date: year, month, day, hour, minute, second (UTC).
    pub date: Option<[u16; 6]>,
    pub pages: u32,
}

/// One cross-reference entry as krilla wrote it.
#[derive(Clone, Copy)]
struct Entry {
    offset: usize,
    generation: u32,
    in_use: bool,
}

/// The parsed end of krilla's file.
struct Tail {
    entries: Vec<Entry>,
    eol: [u8; 2],
    root: usize,
    info: usize,
    metadata: usize,
    /// The trailer's `/ID` array, as written.
    id: Vec<u8>,
    /// The two `/ID` strings' bytes (for the XMP ids).
    id_strings: (Vec<u8>, Vec<u8>),
}

fn err(what: &str) -> String {
    format!("unexpected PDF from krilla: {what}")
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn number_after(hay: &[u8], key: &[u8]) -> Option<usize> {
    let at = find(hay, key, 0)? + key.len();
    let digits: Vec<u8> = hay[at..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

fn parse_tail(pdf: &[u8]) -> Result<Tail, String> {
    let sx = rfind(pdf, b"startxref").ok_or_else(|| err("no startxref"))?;
    let xref_at = number_after(&pdf[sx..], b"startxref").ok_or_else(|| err("bad startxref"))?;
    let xref = pdf
        .get(xref_at..sx)
        .ok_or_else(|| err("startxref out of range"))?;
    if !xref.starts_with(b"xref") {
        return Err(err("no cross-reference table (a stream?)"));
    }
    let trailer_at = find(xref, b"trailer", 0).ok_or_else(|| err("no trailer"))?;
    let trailer = &xref[trailer_at..];
    let mut lines = xref[4..trailer_at]
        .split(|b| *b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    let head = lines.next().ok_or_else(|| err("empty xref"))?;
    let head = std::str::from_utf8(head).map_err(|_| err("xref header"))?;
    let mut nums = head.split_whitespace().map(str::parse::<usize>);
    let (Some(Ok(0)), Some(Ok(count))) = (nums.next(), nums.next()) else {
        return Err(err("xref does not start at object 0"));
    };
    let body = &xref[4..trailer_at];
    let first = find(body, b"0000000000", 0).ok_or_else(|| err("no xref entries"))?;
    let entries_bytes = body
        .get(first..first + 20 * count)
        .ok_or_else(|| err("xref cut short (several subsections?)"))?;
    let eol = [entries_bytes[18], entries_bytes[19]];
    let entries = entries_bytes
        .chunks_exact(20)
        .map(|e| {
            let text = std::str::from_utf8(&e[..17]).map_err(|_| err("xref entry"))?;
            let offset = text[..10].parse().map_err(|_| err("xref offset"))?;
            let generation = text[11..16].parse().map_err(|_| err("xref generation"))?;
            Ok(Entry {
                offset,
                generation,
                in_use: e[17] == b'n',
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let root = number_after(trailer, b"/Root").ok_or_else(|| err("no /Root"))?;
    let info = number_after(trailer, b"/Info").ok_or_else(|| err("no /Info"))?;
    let id_at = find(trailer, b"/ID", 0).ok_or_else(|| err("no /ID"))? + 3;
    let id_end = find(trailer, b"]", id_at).ok_or_else(|| err("bad /ID"))? + 1;
    let id = trailer[id_at..id_end].to_vec();
    let id_strings = id_strings(&id).ok_or_else(|| err("bad /ID strings"))?;
    let catalog = object(pdf, &entries, root)?;
    let metadata = number_after(catalog, b"/Metadata").ok_or_else(|| err("no /Metadata"))?;
    Ok(Tail {
        entries,
        eol,
        root,
        info,
        metadata,
        id,
        id_strings,
    })
}

/// The two strings of an `/ID` array: literal `(…)` (no escapes, as krilla
/// writes base64) or hex `<…>`.
fn id_strings(id: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < id.len() {
        match id[i] {
            b'(' => {
                let end = i + id[i..].iter().position(|b| *b == b')')?;
                out.push(id[i + 1..end].to_vec());
                i = end;
            }
            b'<' => {
                let end = i + id[i..].iter().position(|b| *b == b'>')?;
                out.push(id[i + 1..end].to_vec());
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    (out.len() == 2).then(|| (out[0].clone(), out[1].clone()))
}

/// The bytes of object `n` between `n 0 obj` and `endobj`.
fn object<'a>(pdf: &'a [u8], entries: &[Entry], n: usize) -> Result<&'a [u8], String> {
    let e = entries
        .get(n)
        .filter(|e| e.in_use)
        .ok_or_else(|| err("object missing from xref"))?;
    let head = format!("{n} 0 obj");
    let start = pdf
        .get(e.offset..)
        .filter(|rest| rest.starts_with(head.as_bytes()))
        .map(|_| e.offset + head.len())
        .ok_or_else(|| err("xref offset does not point at its object"))?;
    let end = find(pdf, b"endobj", start).ok_or_else(|| err("object without endobj"))?;
    Ok(&pdf[start..end])
}

/// A dictionary object's text with `extra` entries added before its closing `>>`.
fn extend_dict(obj: &[u8], extra: &[u8]) -> Result<Vec<u8>, String> {
    let close = rfind(obj, b">>").ok_or_else(|| err("object is not a dictionary"))?;
    let mut out = obj[..close].to_vec();
    out.extend_from_slice(extra);
    out.extend_from_slice(&obj[close..]);
    Ok(out)
}

/// A PDF literal string: ASCII as it is, anything else as UTF-16BE with a BOM.
fn text_string(s: &str) -> Vec<u8> {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        let mut out = vec![b'('];
        for b in s.bytes() {
            if matches!(b, b'(' | b')' | b'\\') {
                out.push(b'\\');
            }
            out.push(b);
        }
        out.push(b')');
        out
    } else {
        let mut out = b"<FEFF".to_vec();
        for u in s.encode_utf16() {
            out.extend_from_slice(format!("{u:04X}").as_bytes());
        }
        out.push(b'>');
        out
    }
}

/// A `uuid:` URI from bytes (the trailer's id strings): never random.
fn uuid(bytes: &[u8]) -> String {
    let h = blake3::hash(bytes);
    let b = &h.as_bytes()[..16];
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The XMP packet: what krilla wrote, plus the PDF/X identification.
fn xmp(id: &Identity<'_>, tail: &Tail) -> String {
    use xmp_writer::{DateTime, LangId, RenditionClass, Timezone, XmpWriter};
    let mut x = XmpWriter::new();
    x.title([(None, id.title)]);
    if let Some(d) = id.description {
        x.description([(None, d)]);
    }
    if !id.authors.is_empty() {
        // One item, as krilla and PDF/A ask, so Info /Author and dc:creator agree.
        let joined = id.authors.join(", ");
        x.creator([joined.as_str()]);
    }
    x.creator_tool(id.creator);
    x.producer(id.creator);
    x.language([LangId(id.lang)]);
    if let Some([y, mo, d, h, mi, s]) = id.date {
        let date = DateTime {
            year: y,
            month: Some(mo as u8),
            day: Some(d as u8),
            hour: Some(h as u8),
            minute: Some(mi as u8),
            second: Some(s as u8),
            timezone: Some(Timezone::Utc),
        };
        x.create_date(date);
        x.modify_date(date);
        x.metadata_date(date);
    }
    x.format("application/pdf");
    x.num_pages(id.pages);
    x.document_id(&uuid(&tail.id_strings.0));
    x.instance_id(&uuid(&tail.id_strings.1));
    x.version_id("1");
    x.rendition_class(RenditionClass::Default);
    x.pdf_version("1.6");
    x.trapped(false);
    x.pdfx_version("PDF/X-4");
    x.finish(None)
}

/// The date as an info-dictionary string, `D:YYYYMMDDHHmmSS+00'00'`.
pub(super) fn pdf_date([y, mo, d, h, mi, s]: [u16; 6]) -> String {
    format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}+00'00'")
}

/// Turn krilla's PDF 1.6 file into a PDF/X-4 one (see the module comment).
pub(super) fn identify(
    pdf: Vec<u8>,
    intent: &OutputIntent,
    id: &Identity<'_>,
) -> Result<Vec<u8>, String> {
    if !pdf.starts_with(b"%PDF-1.6") {
        return Err(err("header is not %PDF-1.6"));
    }
    let tail = parse_tail(&pdf)?;
    let (root, info, meta) = (tail.root, tail.info, tail.metadata);
    let tail_start = [root, info, meta]
        .iter()
        .map(|&n| tail.entries[n].offset)
        .min()
        .unwrap_or(0);
    // Only those three objects may lie in the part that is replaced.
    let others_after =
        tail.entries.iter().enumerate().any(|(n, e)| {
            e.in_use && n != root && n != info && n != meta && e.offset >= tail_start
        });
    if others_after || tail.entries.iter().any(|e| e.in_use && e.generation != 0) {
        return Err(err("info, metadata and catalog are not its last objects"));
    }
    let info_dict = object(&pdf, &tail.entries, info)?;
    if find(info_dict, b"/Trapped", 0).is_some() || find(info_dict, b"/GTS_PDFX", 0).is_some() {
        return Err(err("info already has PDF/X keys"));
    }
    let mut info_extra = b"\n  /Trapped /False\n  /GTS_PDFXVersion (PDF/X-4)\n".to_vec();
    if let Some(date) = id.date
        && find(info_dict, b"/ModDate", 0).is_none()
    {
        info_extra.extend_from_slice(format!("  /ModDate ({})\n", pdf_date(date)).as_bytes());
    }
    let info_obj = extend_dict(info_dict, &info_extra)?;
    let catalog_obj = {
        let c = object(&pdf, &tail.entries, root)?;
        if find(c, b"/OutputIntents", 0).is_some() {
            return Err(err("catalog already has output intents"));
        }
        extend_dict(
            c,
            format!("  /OutputIntents [{} 0 R]\n", tail.entries.len() + 1).as_bytes(),
        )?
    };
    let profile_n = tail.entries.len();
    let intent_n = profile_n + 1;
    let mut out = pdf;
    out.truncate(tail_start);
    let mut offsets = tail.entries.iter().map(|e| e.offset).collect::<Vec<_>>();
    offsets.resize(intent_n + 1, 0);
    let mut put = |out: &mut Vec<u8>, n: usize, body: &[u8]| {
        offsets[n] = out.len();
        out.extend_from_slice(format!("{n} 0 obj").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"endobj\n\n");
    };
    put(&mut out, info, &info_obj);
    let packet = xmp(id, &tail);
    let mut meta_obj = format!(
        "\n<<\n  /Length {}\n  /Type /Metadata\n  /Subtype /XML\n>>\nstream\n",
        packet.len()
    )
    .into_bytes();
    meta_obj.extend_from_slice(packet.as_bytes());
    meta_obj.extend_from_slice(b"\nendstream\n");
    put(&mut out, meta, &meta_obj);
    let compressed = compressed_profile(&intent.profile);
    let mut icc_obj = format!(
        "\n<<\n  /Length {}\n  /N 4\n  /Filter /FlateDecode\n>>\nstream\n",
        compressed.len()
    )
    .into_bytes();
    icc_obj.extend_from_slice(&compressed);
    icc_obj.extend_from_slice(b"\nendstream\n");
    put(&mut out, profile_n, &icc_obj);
    let mut oi =
        b"\n<<\n  /Type /OutputIntent\n  /S /GTS_PDFX\n  /OutputConditionIdentifier ".to_vec();
    oi.extend(text_string(&intent.condition));
    if let Some(r) = &intent.registry {
        oi.extend_from_slice(b"\n  /RegistryName ");
        oi.extend(text_string(r));
    }
    oi.extend_from_slice(b"\n  /Info ");
    oi.extend(text_string(&intent.info));
    oi.extend_from_slice(format!("\n  /DestOutputProfile {profile_n} 0 R\n>>\n").as_bytes());
    put(&mut out, intent_n, &oi);
    put(&mut out, root, &catalog_obj);
    write_xref(&mut out, &tail, &offsets);
    Ok(out)
}

fn write_xref(out: &mut Vec<u8>, tail: &Tail, offsets: &[usize]) {
    let xref_at = out.len();
    let _ = write!(out, "xref\n0 {}\n", offsets.len());
    for (n, &offset) in offsets.iter().enumerate() {
        let (generation, kind) = match tail.entries.get(n) {
            Some(e) if !e.in_use => (e.generation, b'f'),
            _ => (0, b'n'),
        };
        let _ = write!(out, "{offset:010} {generation:05} ");
        out.push(kind);
        out.extend_from_slice(&tail.eol);
    }
    let _ = write!(
        out,
        "trailer\n<<\n  /Size {}\n  /Root {} 0 R\n  /Info {} 0 R\n  /ID",
        offsets.len(),
        tail.root,
        tail.info
    );
    out.extend_from_slice(&tail.id);
    let _ = write!(out, "\n>>\nstartxref\n{xref_at}\n%%EOF");
}

/// The profile's zlib stream, compressed once per process for each distinct
/// profile: every print PDF of a batch embeds the same profile, and
/// compressing its 247 KB again for each issue cost 3 % of a 20-issue
/// batch's CPU time (`perf record` on `bench/batch.sh`'s build).
fn compressed_profile(profile: &Arc<Vec<u8>>) -> Arc<Vec<u8>> {
    type Memo = Vec<(Arc<Vec<u8>>, Arc<Vec<u8>>)>;
    /// Distinct profiles kept (a batch has one per publication, rarely more).
    const KEPT: usize = 8;
    static MEMO: Mutex<Memo> = Mutex::new(Vec::new());
    let mut memo = MEMO.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let same = |p: &Arc<Vec<u8>>| Arc::ptr_eq(p, profile) || p[..] == profile[..];
    if let Some((_, z)) = memo.iter().find(|(p, _)| same(p)) {
        return z.clone();
    }
    let z = Arc::new(deflate(profile));
    if memo.len() == KEPT {
        memo.remove(0);
    }
    memo.push((profile.clone(), z.clone()));
    z
}

/// zlib-compress the profile (deterministic: a fixed level).
fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = z.write_all(bytes);
    z.finish().unwrap_or_default()
}
