//! The map: countries shaded by how many entries name them, outlined in their region's
//! colour; hover tells the country and its count, a click filters to it, and the current
//! filter is drawn on top.

use crate::core::filter::{RegionFilter, Scheme};
use crate::core::places::{Bureau, Country, Gazetteer};
use crate::core::world_map::WorldMap;
use crate::gui::command::{Command, FilterCommand};
use egui::{Color32, Mesh, Pos2, Rect, Sense, Shape, Stroke, Ui, pos2, vec2};
use std::collections::{BTreeMap, HashMap};

/// The latitudes shown: Antarctica is left out.
const NORTH: f32 = 84.0;
const SOUTH: f32 = -58.0;
/// Width over height of the map's frame.
pub const ASPECT: f32 = 360.0 / (NORTH - SOUTH);

pub struct MapContext<'a> {
    pub map: &'a WorldMap,
    pub gazetteer: &'a Gazetteer,
    /// Entries per country (alpha-2), as the filter would show them.
    pub counts: &'a BTreeMap<String, usize>,
    pub filter: &'a RegionFilter,
}

pub fn bureau_color(b: Bureau) -> Color32 {
    match b {
        Bureau::AF => Color32::from_rgb(0xc0, 0x7a, 0x28),
        Bureau::EAP => Color32::from_rgb(0x2e, 0x8b, 0x57),
        Bureau::EUR => Color32::from_rgb(0x3b, 0x6e, 0xb5),
        Bureau::NEA => Color32::from_rgb(0xa8, 0x3f, 0x7a),
        Bureau::SCA => Color32::from_rgb(0x7b, 0x5e, 0xc2),
        Bureau::WHA => Color32::from_rgb(0xb5, 0x3a, 0x2e),
    }
}

fn selected(c: &Country, f: &RegionFilter) -> bool {
    f.countries.contains(&c.a2)
        || match f.scheme {
            Scheme::Bureaus => f.regions.contains(c.bureau.code()),
            Scheme::M49 => f.regions.contains(&c.region),
        }
}

/// The map's frame: longitude and latitude to screen points and back.
#[derive(Clone, Copy)]
struct Projection(Rect);

impl Projection {
    fn project(self, p: [f32; 2]) -> Pos2 {
        let rect = self.0;
        pos2(
            rect.left() + (p[0] + 180.0) / 360.0 * rect.width(),
            rect.top() + (NORTH - p[1].clamp(SOUTH, NORTH)) / (NORTH - SOUTH) * rect.height(),
        )
    }

    fn unproject(self, p: Pos2) -> [f32; 2] {
        let rect = self.0;
        [
            (p.x - rect.left()) / rect.width() * 360.0 - 180.0,
            NORTH - (p.y - rect.top()) / rect.height() * (NORTH - SOUTH),
        ]
    }
}

/// The countries by numeric code, and the largest count (at least 1), for one frame.
struct Lookup<'a> {
    by_num: HashMap<u16, &'a Country>,
    max: f32,
}

impl Lookup<'_> {
    fn count(&self, cx: &MapContext<'_>, num: u16) -> usize {
        self.by_num.get(&num).and_then(|c| cx.counts.get(&c.a2)).copied().unwrap_or(0)
    }
}

pub fn map_ui(ui: &mut Ui, cx: &MapContext<'_>, commands: &mut Vec<Command>) {
    let lookup = Lookup {
        by_num: cx.gazetteer.countries.iter().map(|c| (c.num, c)).collect(),
        max: cx.counts.values().copied().max().unwrap_or(1).max(1) as f32,
    };
    // The filter, and the way to clear it, are on the list below the map.
    legend_ui(ui, lookup.max as usize);

    let avail = ui.available_size();
    let size =
        if avail.x / avail.y > ASPECT { vec2(avail.y * ASPECT, avail.y) } else { vec2(avail.x, avail.x / ASPECT) };
    let (response, painter) = ui.allocate_painter(size, Sense::click());
    let proj = Projection(response.rect);
    let hovered = response.hover_pos().map(|p| proj.unproject(p)).and_then(|p| cx.map.country_at(p));
    paint_map(ui, &painter, cx, &lookup, proj, hovered);
    pointer_ui(cx, &lookup, proj, &response, hovered, commands);
    country_buttons_ui(ui, cx, &lookup, proj, commands);
}

/// The shading of a country named `count` times.
fn fill(dark: bool, max: f32, count: usize) -> Color32 {
    if count == 0 {
        return if dark { Color32::from_gray(70) } else { Color32::from_gray(222) };
    }
    let t = 0.25 + 0.75 * (count as f32 / max);
    let (lo, hi) = (Color32::from_rgb(0xfd, 0xe3, 0xa7), Color32::from_rgb(0xb3, 0x3a, 0x1b));
    lo.lerp_to_gamma(hi, t)
}

/// The sea, the countries shaded and outlined, and the small countries' dots.
fn paint_map(
    ui: &Ui,
    painter: &egui::Painter,
    cx: &MapContext<'_>,
    lookup: &Lookup<'_>,
    proj: Projection,
    hovered: Option<u16>,
) {
    let dark = ui.visuals().dark_mode;
    painter.rect_filled(
        proj.0,
        4.0,
        if dark { Color32::from_rgb(0x1b, 0x26, 0x33) } else { Color32::from_rgb(0xe8, 0xf0, 0xf7) },
    );
    let mut mesh = Mesh::default();
    let mut outlines = Vec::new();
    for s in &cx.map.shapes {
        if s.anchor[1] < SOUTH {
            continue;
        }
        let country = lookup.by_num.get(&s.num);
        let color = fill(dark, lookup.max, lookup.count(cx, s.num));
        let base = u32::try_from(mesh.vertices.len()).unwrap_or(u32::MAX);
        for v in &s.vertices {
            mesh.colored_vertex(proj.project(*v), color);
        }
        for t in &s.triangles {
            mesh.add_triangle(base + t[0], base + t[1], base + t[2]);
        }
        let region = country.map_or(Color32::GRAY, |c| bureau_color(c.bureau).gamma_multiply(0.7));
        let is_selected = country.is_some_and(|c| selected(c, cx.filter));
        let stroke = if is_selected || hovered == Some(s.num) {
            Stroke::new(2.0, ui.visuals().strong_text_color())
        } else {
            Stroke::new(0.7, region)
        };
        // Edges as separate segments: joined paths grow miter spikes at the sharp corners
        // of coastlines.
        for ring in &s.rings {
            let pts: Vec<Pos2> = ring.iter().map(|p| proj.project(*p)).collect();
            for (i, a) in pts.iter().enumerate() {
                let b = pts[(i + 1) % pts.len()];
                outlines.push(Shape::line_segment([*a, b], stroke));
            }
        }
    }
    painter.add(Shape::mesh(mesh));
    painter.extend(outlines);
    for d in &cx.map.dots {
        let country = lookup.by_num.get(&d.num);
        let stroke = country.map_or(Stroke::NONE, |c| Stroke::new(1.0, bureau_color(c.bureau)));
        painter.circle(proj.project(d.at), 3.5, fill(dark, lookup.max, lookup.count(cx, d.num)), stroke);
    }
}

/// Hover and click, from the pointer.
fn pointer_ui(
    cx: &MapContext<'_>,
    lookup: &Lookup<'_>,
    proj: Projection,
    response: &egui::Response,
    hovered: Option<u16>,
    commands: &mut Vec<Command>,
) {
    let dot_at = |p: Pos2| cx.map.dots.iter().find(|d| proj.project(d.at).distance(p) < 6.0).map(|d| d.num);
    let under = response.hover_pos().and_then(|p| dot_at(p).or(hovered));
    if let Some(c) = under.and_then(|num| lookup.by_num.get(&num)) {
        let n = cx.counts.get(&c.a2).copied().unwrap_or(0);
        response.clone().on_hover_text_at_pointer(format!(
            "{} — {} {}",
            c.name,
            n,
            if n == 1 { "entry" } else { "entries" }
        ));
        if response.clicked() {
            commands.push(FilterCommand::OnlyCountry(c.a2.clone()).into());
        }
    }
}

/// For keyboards and screen readers: one button per country the record names.
fn country_buttons_ui(
    ui: &mut Ui,
    cx: &MapContext<'_>,
    lookup: &Lookup<'_>,
    proj: Projection,
    commands: &mut Vec<Command>,
) {
    for s in cx.map.shapes.iter().map(|s| (s.num, s.anchor)).chain(cx.map.dots.iter().map(|d| (d.num, d.at))) {
        let Some(c) = lookup.by_num.get(&s.0) else { continue };
        let Some(&n) = cx.counts.get(&c.a2) else { continue };
        let at = proj.project(s.1);
        let id = ui.scope_id().with(("map-country", &c.a2));
        let r = ui.interact(Rect::from_center_size(at, vec2(8.0, 8.0)), id, Sense::click());
        let label = format!("{} · {n} {}", c.name, if n == 1 { "entry" } else { "entries" });
        r.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &label));
        if r.clicked() {
            commands.push(FilterCommand::OnlyCountry(c.a2.clone()).into());
        }
    }
}

fn legend_ui(ui: &mut Ui, max: usize) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(format!("Shading: entries naming a country (darkest: {max}).")).small());
        ui.label(egui::RichText::new("Outlines: region").small());
        for b in Bureau::ALL {
            ui.label(egui::RichText::new(b.code()).small().color(bureau_color(b))).on_hover_text(b.name());
        }
        ui.label(egui::RichText::new("Click a country to filter to it.").small().weak());
    });
}
