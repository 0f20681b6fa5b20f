//! The look of the window: type sizes, text that reads at 7:1 contrast or more in both
//! themes, the reading face (a serif, Noto Serif, can be chosen), and the reading size,
//! which scales the document's text and not the panels.

use egui::{Color32, FontFamily, FontId, TextStyle};
use std::sync::Arc;

/// Noto Serif (SIL Open Font License 1.1, `assets/fonts/OFL.txt`), for reading.
const SERIF: &[u8] = include_bytes!("../../assets/fonts/NotoSerif-Regular.ttf");
/// The font family name of the reading serif.
const SERIF_FAMILY: &str = "reading-serif";

/// Body text on the page: near-black on near-white (16:1) and near-white on near-black
/// (13:1); egui's own greys are about 7:1 in light and 5:1 in dark.
const LIGHT_TEXT: Color32 = Color32::from_gray(0x1c);
const DARK_TEXT: Color32 = Color32::from_gray(0xe2);

pub fn apply(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("noto-serif".to_owned(), Arc::new(egui::FontData::from_static(SERIF)));
    // The serif first; what it lacks comes from the usual faces.
    let mut serif = vec!["noto-serif".to_owned()];
    serif.extend(fonts.families.get(&FontFamily::Proportional).cloned().unwrap_or_default());
    fonts.families.insert(FontFamily::Name(SERIF_FAMILY.into()), serif);
    ctx.set_fonts(fonts);
    // Ctrl+Plus and Ctrl+Minus change the reading size, not the whole window.
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Small, FontId::new(12.0, FontFamily::Proportional)),
            (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
            (TextStyle::Button, FontId::new(14.0, FontFamily::Proportional)),
            (TextStyle::Heading, FontId::new(24.0, FontFamily::Proportional)),
            (TextStyle::Monospace, FontId::new(13.0, FontFamily::Monospace)),
        ]
        .into();
        style.spacing.item_spacing.y = 6.0;
        let text = if style.visuals.dark_mode { DARK_TEXT } else { LIGHT_TEXT };
        style.visuals.widgets.noninteractive.fg_stroke.color = text;
        style.visuals.widgets.inactive.fg_stroke.color = text;
    });
}

/// The selection in the reading column: its fill and its text. A slate, dark on the light
/// page and light on the dark one, with the text turned over: unlike every highlight colour
/// (egui's light blue was the blue highlight's twin) and unlike Find's orange.
pub fn reading_selection(dark: bool) -> (Color32, Color32) {
    if dark {
        (Color32::from_rgb(0xc8, 0xcf, 0xd8), Color32::from_gray(0x10))
    } else {
        (Color32::from_rgb(0x3d, 0x47, 0x55), Color32::WHITE)
    }
}

/// A highlight's fill: its colour, light enough (or, in dark mode, dark enough) that the
/// text reads through it.
pub fn highlight_fill(dark: bool, color: Color32) -> Color32 {
    if dark { color.linear_multiply(0.45) } else { Color32::WHITE.lerp_to_gamma(color, 0.55) }
}

/// A chip: a small button that keeps its words on one line (in a wrapping row it moves to
/// the next row whole, never breaking inside itself: "Bosnia and Herzegovina · 3").
pub fn chip<'a>(text: impl Into<egui::WidgetText>) -> egui::Button<'a> {
    egui::Button::new(text).small().wrap_mode(egui::TextWrapMode::Extend)
}

/// The reading size steps (Ctrl+Plus, Ctrl+Minus), as factors of the usual size.
pub const READING_SCALES: [f32; 9] = [0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0];

/// How the document's text is set: its size (a factor) and face.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Reading {
    pub scale: f32,
    pub serif: bool,
    /// Place names carry a dotted underline.
    pub underline_places: bool,
    /// How wide the reading column may grow (it is centred in the view).
    pub width: ReadingWidth,
}

impl Default for Reading {
    fn default() -> Self {
        Self { scale: 1.0, serif: false, underline_places: true, width: ReadingWidth::Medium }
    }
}

/// The longest line of the reading column (Menu → Reading width).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReadingWidth {
    /// About 60 characters a line.
    Narrow,
    /// About 72, as typographers advise for long reading.
    #[default]
    Medium,
    /// About 100: more of a wide screen, for scanning lists.
    Wide,
}

impl ReadingWidth {
    pub const ALL: [ReadingWidth; 3] = [ReadingWidth::Narrow, ReadingWidth::Medium, ReadingWidth::Wide];

    /// Characters of average width in a line.
    pub fn line_chars(self) -> f32 {
        match self {
            ReadingWidth::Narrow => 60.0,
            ReadingWidth::Medium => 72.0,
            ReadingWidth::Wide => 100.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReadingWidth::Narrow => "Narrow",
            ReadingWidth::Medium => "Medium",
            ReadingWidth::Wide => "Wide",
        }
    }
}

impl Reading {
    /// The reading face at `size` (at the usual reading size), scaled.
    pub fn font(self, size: f32) -> FontId {
        let family = if self.serif { FontFamily::Name(SERIF_FAMILY.into()) } else { FontFamily::Proportional };
        FontId::new(size * self.scale, family)
    }

    /// Sets `ui`'s text styles to the reading size and face, for the document's rows.
    pub fn apply_to(self, ui: &mut egui::Ui) {
        let sizes =
            [(TextStyle::Small, 12.5), (TextStyle::Body, 16.0), (TextStyle::Button, 13.5), (TextStyle::Heading, 27.0)];
        let style = ui.style_mut();
        for (text_style, size) in sizes {
            style.text_styles.insert(text_style, self.font(size));
        }
        style.text_styles.insert(TextStyle::Monospace, FontId::monospace(13.0 * self.scale));
    }

    /// The reading size one step up (`1`), down (`-1`) or back to the usual (`0`).
    pub fn step(self, by: i8) -> f32 {
        let at = READING_SCALES.iter().position(|&s| (s - self.scale).abs() < 0.01).unwrap_or(2);
        match by {
            0 => 1.0,
            b if b > 0 => READING_SCALES[(at + 1).min(READING_SCALES.len() - 1)],
            _ => READING_SCALES[at.saturating_sub(1)],
        }
    }
}

/// The widest glyph atlas asked of the GPU.
const MAX_GLYPH_ATLAS_SIDE: usize = 4096;

/// Keeps egui's glyph atlas at most 4096 pixels wide. The atlas is as wide
/// as the largest texture the GPU takes (16384 pixels with Mesa's software renderer), so its
/// first upload is that wide however few glyphs it holds. 4096 pixels square still holds the
/// glyphs of any record, at every size shown.
pub fn limit_glyph_atlas(raw_input: &mut egui::RawInput) {
    raw_input.max_texture_side = raw_input.max_texture_side.map(|side| side.min(MAX_GLYPH_ATLAS_SIDE));
}

/// The colour of a palette key (grey for a key not in the palette).
pub fn palette_color(key: &str) -> egui::Color32 {
    let rgb = crate::core::notes::model::PALETTE.iter().find(|p| p.0 == key).map_or([0xbb, 0xbb, 0xbb], |p| p.2);
    egui::Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of an sRGB colour.
    fn luminance(c: Color32) -> f32 {
        let lin = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.039_28 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    }

    fn contrast(a: Color32, b: Color32) -> f32 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn body_text_reads_at_seven_to_one_or_more_in_both_themes() {
        let ctx = egui::Context::default();
        apply(&ctx);
        for theme in [egui::Theme::Light, egui::Theme::Dark] {
            let style = ctx.style_of(theme);
            let v = &style.visuals;
            for page in [v.panel_fill, v.window_fill] {
                let ratio = contrast(v.text_color(), page);
                assert!(ratio >= 7.0, "{theme:?}: {ratio:.1}:1");
            }
        }
    }

    #[test]
    fn the_selection_is_unlike_every_highlight_and_its_text_reads() {
        for dark in [false, true] {
            let (fill, text) = reading_selection(dark);
            assert!(contrast(fill, text) >= 7.0, "dark {dark}: {:.1}:1", contrast(fill, text));
            for (key, _, rgb) in crate::core::notes::model::PALETTE {
                let highlight = highlight_fill(dark, Color32::from_rgb(rgb[0], rgb[1], rgb[2]));
                // Told apart by lightness alone, whatever the reader's colour vision.
                let apart = contrast(fill, highlight);
                assert!(apart >= 3.0, "dark {dark}: the selection and the {key} highlight are {apart:.1}:1 apart");
            }
        }
    }

    #[test]
    fn every_character_the_window_writes_has_a_glyph_in_its_fonts() {
        // Every character outside ASCII in the window's code (comments aside): the shortcut
        // list once drew ↓ and ↑ as empty boxes.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gui");
        let mut chars = std::collections::BTreeMap::<char, String>::new();
        let (mut files, mut dirs) = (Vec::new(), vec![dir]);
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() { dirs.push(path) } else { files.push(path) }
            }
        }
        for path in files {
            let code = std::fs::read_to_string(&path).unwrap();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                let line = line.split(" // ").next().unwrap_or(line);
                for c in line.chars().filter(|c| !c.is_ascii()) {
                    chars.entry(c).or_insert_with(|| format!("{}: {}", path.display(), line.trim()));
                }
            }
        }
        assert!(chars.contains_key(&'…'), "the scan found the window's text");
        let ctx = egui::Context::default();
        apply(&ctx);
        let mut out = ctx.run_ui(egui::RawInput::default(), |_| {});
        out.textures_delta.clear();
        let mut missing = Vec::new();
        ctx.fonts_mut(|f| {
            for font in [FontId::proportional(14.0), Reading { serif: true, ..Reading::default() }.font(16.0)] {
                for (c, at) in &chars {
                    if !f.has_glyph(&font, *c) {
                        missing.push(format!("{c:?} in {font:?} ({at})"));
                    }
                }
            }
        });
        assert!(missing.is_empty(), "no glyph for:\n{}", missing.join("\n"));
    }

    #[test]
    fn the_reading_size_steps_and_comes_back() {
        let r = Reading::default();
        assert_eq!(r.step(1), 1.1);
        assert_eq!(Reading { scale: 2.0, ..r }.step(1), 2.0, "no bigger than the largest");
        assert_eq!(Reading { scale: 0.8, ..r }.step(-1), 0.8);
        assert_eq!(Reading { scale: 1.6, ..r }.step(0), 1.0);
        assert_eq!(r.font(16.0).size, 16.0);
        assert_eq!(Reading { scale: 1.25, serif: true, ..r }.font(16.0).size, 20.0);
    }
}
