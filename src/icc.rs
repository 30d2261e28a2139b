//! ICC profiles: the bundled CMYK output profile, the header checks a shop's
//! own profile must pass, and the one colour conversion reportbook needs (an
//! sRGB colour to the output profile's CMYK, through its B2A table), so the
//! accent colour can be printed in the shop's inks.
//!
//! Only what PDF/X needs is read: the header, the tag table, the description
//! and a `lut8`/`lut16` B2A table (what ArgyllCMS and most v2 printer profiles
//! carry). A v4 `mBA` table is not evaluated: the settings then ask for the
//! CMYK values directly.

/// The bundled output profile (see `profiles/README.md`): FOGRA39 condition,
/// built with ArgyllCMS from Debian's FOGRA39L data (Zlib licence).
pub const BUNDLED: &[u8] = include_bytes!("../profiles/reportbook-fogra39.icc");
/// The registered print condition the bundled profile characterises.
pub const BUNDLED_CONDITION: &str = "FOGRA39";
/// Human-readable name of the bundled condition and profile (the output intent's `/Info`).
pub const BUNDLED_INFO: &str = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), profile built by reportbook with ArgyllCMS from the FOGRA39L data";

/// What the checks read from a profile's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileInfo {
    /// ICC version, major and minor (`(2, 2)` for 2.2).
    pub version: (u8, u8),
    /// The profile's description tag, if it has a readable one.
    pub description: Option<String>,
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

/// Check that `b` is an ICC profile PDF/X-4 accepts as a CMYK output intent:
/// a complete file, device class `prtr` (output), colour space CMYK, ICC
/// version 2.0 to 4.2. The error says what is wrong in words for a message.
pub fn check_output_profile(b: &[u8]) -> Result<ProfileInfo, String> {
    if b.len() < 132 || b.get(36..40) != Some(b"acsp") {
        return Err("not an ICC profile (no `acsp` signature in its header)".into());
    }
    let declared = be32(b, 0).unwrap_or(0) as usize;
    if declared != b.len() {
        return Err(format!(
            "the profile's header says {declared} bytes but the file has {}",
            b.len()
        ));
    }
    let class = String::from_utf8_lossy(&b[12..16]).into_owned();
    if class != "prtr" {
        return Err(format!(
            "device class `{}`, not `prtr` (an output profile)",
            class.trim()
        ));
    }
    let space = String::from_utf8_lossy(&b[16..20]).into_owned();
    if space != "CMYK" {
        return Err(format!("colour space {}, not CMYK", space.trim()));
    }
    let version = (b[8], b[9] >> 4);
    if version < (2, 0) || version > (4, 2) {
        return Err(format!(
            "ICC version {}.{} (PDF/X-4 takes 2.0 to 4.2)",
            version.0, version.1
        ));
    }
    Ok(ProfileInfo {
        version,
        description: description(b),
    })
}

/// The data of tag `sig`, if the profile has it.
fn tag<'a>(b: &'a [u8], sig: &[u8; 4]) -> Option<&'a [u8]> {
    let count = be32(b, 128)? as usize;
    (0..count.min(200)).find_map(|i| {
        let at = 132 + 12 * i;
        if b.get(at..at + 4)? != sig {
            return None;
        }
        let off = be32(b, at + 4)? as usize;
        let len = be32(b, at + 8)? as usize;
        b.get(off..off.checked_add(len)?)
    })
}

/// The `desc` tag as text (v2 `desc` ASCII or v4 `mluc` first record).
fn description(b: &[u8]) -> Option<String> {
    let t = tag(b, b"desc")?;
    let text = match t.get(0..4)? {
        b"desc" => {
            let n = be32(t, 8)? as usize;
            String::from_utf8_lossy(t.get(12..12 + n)?).into_owned()
        }
        b"mluc" => {
            let len = be32(t, 20)? as usize;
            let off = be32(t, 24)? as usize;
            let units: Vec<u16> = t
                .get(off..off + len)?
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => return None,
    };
    let text = text.trim_end_matches('\0').trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// CIE L*a*b* (D50) of an sRGB colour, the way an ICC sRGB profile maps it
/// (the D50-adapted sRGB matrix).
pub fn srgb_to_lab(rgb: [u8; 3]) -> [f32; 3] {
    let lin = rgb.map(|v| {
        let c = f32::from(v) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    let m = [
        [0.436_074_7, 0.385_064_9, 0.143_080_4],
        [0.222_504_5, 0.716_878_6, 0.060_616_9],
        [0.013_932_2, 0.097_104_5, 0.714_173_3],
    ];
    let xyz = m.map(|row| row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]);
    let white = [0.9642_f32, 1.0, 0.8249];
    let f = |t: f32| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let [fx, fy, fz] = [0, 1, 2].map(|i| f(xyz[i] / white[i]));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// The CMYK (fractions 0–1) the profile's relative-colorimetric B2A table
/// (perceptual when it has none) gives for `lab`. `Err` says why it cannot:
/// no B2A table, a Lab-less PCS or a table type this reader does not evaluate.
pub fn lab_to_cmyk(b: &[u8], lab: [f32; 3]) -> Result<[f32; 4], String> {
    if b.get(20..24) != Some(b"Lab ") {
        return Err("the profile's connection space is not Lab".into());
    }
    let t = tag(b, b"B2A1")
        .or_else(|| tag(b, b"B2A0"))
        .ok_or("the profile has no B2A (Lab → CMYK) table")?;
    let lut = Lut::parse(t)?;
    if lut.inputs != 3 || lut.outputs != 4 {
        return Err("its B2A table is not Lab → CMYK".into());
    }
    // Legacy Lab encoding of lut8/lut16: L 0–100 → 0–1 (16-bit: 0–0xFF00/0xFFFF),
    // a and b −128–127 → 0–1.
    let l16 = lab[0].clamp(0.0, 100.0) / 100.0 * 65280.0 / 65535.0;
    let ab16 = |v: f32| (v.clamp(-128.0, 127.996) + 128.0) * 256.0 / 65535.0;
    let input = if lut.wide {
        [l16, ab16(lab[1]), ab16(lab[2])]
    } else {
        [
            lab[0].clamp(0.0, 100.0) / 100.0,
            (lab[1].clamp(-128.0, 127.0) + 128.0) / 255.0,
            (lab[2].clamp(-128.0, 127.0) + 128.0) / 255.0,
        ]
    };
    let out = lut.eval(input);
    Ok([out[0], out[1], out[2], out[3]])
}

/// A `lut8` (`mft1`) or `lut16` (`mft2`) table, its entries as fractions 0–1.
struct Lut {
    inputs: usize,
    outputs: usize,
    grid: usize,
    wide: bool,
    in_tables: Vec<Vec<f32>>,
    clut: Vec<f32>,
    out_tables: Vec<Vec<f32>>,
}

impl Lut {
    fn parse(t: &[u8]) -> Result<Lut, String> {
        let kind = t.get(0..4).ok_or("its B2A table is cut short")?;
        let wide = match kind {
            b"mft2" => true,
            b"mft1" => false,
            other => {
                return Err(format!(
                    "its B2A table is of type `{}`, which reportbook does not evaluate",
                    String::from_utf8_lossy(other)
                ));
            }
        };
        let short = || "its B2A table is cut short".to_string();
        let (inputs, outputs, grid) = (
            *t.get(8).ok_or_else(short)? as usize,
            *t.get(9).ok_or_else(short)? as usize,
            *t.get(10).ok_or_else(short)? as usize,
        );
        if inputs == 0 || inputs > 4 || outputs == 0 || outputs > 8 || grid < 2 {
            return Err("its B2A table has an unusable shape".into());
        }
        let (n_in, n_out, mut at) = if wide {
            (
                be16(t, 48).ok_or_else(short)? as usize,
                be16(t, 50).ok_or_else(short)? as usize,
                52,
            )
        } else {
            (256, 256, 48)
        };
        if n_in < 2 || n_out < 2 {
            return Err("its B2A table has too few curve entries".into());
        }
        let size = if wide { 2 } else { 1 };
        let mut read = |count: usize| -> Result<Vec<f32>, String> {
            let bytes = t.get(at..at + count * size).ok_or_else(short)?;
            at += count * size;
            Ok(if wide {
                bytes
                    .chunks_exact(2)
                    .map(|c| f32::from(u16::from_be_bytes([c[0], c[1]])) / 65535.0)
                    .collect()
            } else {
                bytes.iter().map(|&v| f32::from(v) / 255.0).collect()
            })
        };
        let in_tables = (0..inputs)
            .map(|_| read(n_in))
            .collect::<Result<Vec<_>, _>>()?;
        let clut = read(grid.pow(inputs as u32) * outputs)?;
        let out_tables = (0..outputs)
            .map(|_| read(n_out))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Lut {
            inputs,
            outputs,
            grid,
            wide,
            in_tables,
            clut,
            out_tables,
        })
    }

    /// Input curves, multilinear interpolation in the grid, output curves.
    fn eval(&self, input: [f32; 3]) -> Vec<f32> {
        let x: Vec<f32> = (0..self.inputs)
            .map(|i| curve(&self.in_tables[i], input.get(i).copied().unwrap_or(0.0)))
            .collect();
        let g = self.grid;
        let scaled: Vec<(usize, f32)> = x
            .iter()
            .map(|&v| {
                let p = v.clamp(0.0, 1.0) * (g - 1) as f32;
                let i = (p.floor() as usize).min(g - 2);
                (i, p - i as f32)
            })
            .collect();
        let mut out = vec![0.0f32; self.outputs];
        for corner in 0..(1usize << self.inputs) {
            let mut weight = 1.0;
            let mut index = 0;
            for (d, &(i, frac)) in scaled.iter().enumerate() {
                let up = corner >> (self.inputs - 1 - d) & 1 == 1;
                weight *= if up { frac } else { 1.0 - frac };
                index = index * g + i + usize::from(up);
            }
            if weight == 0.0 {
                continue;
            }
            for (o, slot) in out.iter_mut().enumerate() {
                *slot += weight * self.clut[index * self.outputs + o];
            }
        }
        out.iter()
            .enumerate()
            .map(|(o, &v)| curve(&self.out_tables[o], v))
            .collect()
    }
}

/// A 1-D table read at `x` (0–1) with linear interpolation.
fn curve(table: &[f32], x: f32) -> f32 {
    let p = x.clamp(0.0, 1.0) * (table.len() - 1) as f32;
    let i = (p.floor() as usize).min(table.len() - 2);
    let f = p - i as f32;
    table[i] * (1.0 - f) + table[i + 1] * f
}

/// `srgb` printed through the profile `b`: CMYK fractions 0–1.
pub fn srgb_to_cmyk(b: &[u8], srgb: [u8; 3]) -> Result<[f32; 4], String> {
    lab_to_cmyk(b, srgb_to_lab(srgb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_profile_passes_the_checks() {
        let info = check_output_profile(BUNDLED).expect("bundled profile");
        assert_eq!(info.version, (2, 2));
        assert!(info.description.unwrap().contains("FOGRA39"));
    }

    #[test]
    fn other_profiles_are_refused_with_the_reason() {
        let mut rgb = BUNDLED.to_vec();
        rgb[16..20].copy_from_slice(b"RGB ");
        assert!(check_output_profile(&rgb).unwrap_err().contains("RGB"));
        let mut monitor = BUNDLED.to_vec();
        monitor[12..16].copy_from_slice(b"mntr");
        assert!(check_output_profile(&monitor).unwrap_err().contains("mntr"));
        let mut v5 = BUNDLED.to_vec();
        v5[8] = 5;
        v5[9] = 0;
        assert!(
            check_output_profile(&v5)
                .unwrap_err()
                .contains("ICC version 5.0")
        );
        assert!(check_output_profile(&BUNDLED[..1000]).is_err());
        assert!(check_output_profile(b"not a profile at all").is_err());
    }

    /// ArgyllCMS gives Lab 43.34 66.31 37.52 for #c8102e
    /// (`icclu -ff -ir -pl sRGB.icm`) and C 0 M 0.998 Y 0.796 K 0.149 for
    /// that Lab through the bundled profile (`icclu -fb -ir -pl`).
    #[test]
    fn conversion_matches_argyll() {
        let lab = srgb_to_lab([0xC8, 0x10, 0x2E]);
        for (got, want) in lab.iter().zip([43.341, 66.311, 37.519]) {
            assert!((got - want).abs() < 0.05, "{lab:?}");
        }
        let cmyk = lab_to_cmyk(BUNDLED, [43.340952, 66.310599, 37.518711]).unwrap();
        for (got, want) in cmyk.iter().zip([0.0, 0.998, 0.796487, 0.148539]) {
            assert!((got - want).abs() < 0.01, "{cmyk:?}");
        }
        // White paper takes no ink; black is mostly K.
        let white = srgb_to_cmyk(BUNDLED, [255, 255, 255]).unwrap();
        assert!(white.iter().all(|v| *v < 0.01), "{white:?}");
        let black = srgb_to_cmyk(BUNDLED, [0, 0, 0]).unwrap();
        assert!(black[3] > 0.8, "{black:?}");
        assert!(
            black.iter().sum::<f32>() <= 3.0 + 0.01,
            "ink limit {black:?}"
        );
    }
}
