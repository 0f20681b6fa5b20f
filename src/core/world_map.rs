//! The world map's geometry: Natural Earth 1:110m countries (public domain), converted by
//! `scripts/build_world_map.py` into a compact embedded asset, and triangulated here so
//! that any painter can fill them (egui fills only convex paths).

const MAP_BIN: &[u8] = include_bytes!("../../assets/map/world-110m.bin");

/// One country: its outline rings and a triangulation of its area, in degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// ISO 3166 numeric code (0 for Kosovo).
    pub num: u16,
    /// Rings of every polygon: outer rings and holes, as (longitude, latitude).
    pub rings: Vec<Vec<[f32; 2]>>,
    /// Flat vertex list for `triangles`.
    pub vertices: Vec<[f32; 2]>,
    /// Triangles as indexes into `vertices`.
    pub triangles: Vec<[u32; 3]>,
    /// A point inside the largest polygon's bounding box, for labels and dots.
    pub anchor: [f32; 2],
}

/// A state too small for the 1:110m data, drawn as a dot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dot {
    pub num: u16,
    pub at: [f32; 2],
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorldMap {
    pub shapes: Vec<Shape>,
    pub dots: Vec<Dot>,
}

#[derive(Debug, thiserror::Error)]
#[error("the embedded world map is damaged at byte {at}: {what}")]
pub struct MapError {
    at: usize,
    what: &'static str,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], MapError> {
        let slice = self.bytes.get(self.at..self.at + N).ok_or(MapError { at: self.at, what: "unexpected end" })?;
        self.at += N;
        let mut out = [0u8; N];
        out.copy_from_slice(slice);
        Ok(out)
    }
    fn u16(&mut self) -> Result<u16, MapError> {
        self.take::<2>().map(u16::from_le_bytes)
    }
    fn u8(&mut self) -> Result<u8, MapError> {
        self.take::<1>().map(|b| b[0])
    }
    fn point(&mut self) -> Result<[f32; 2], MapError> {
        let lon = i16::from_le_bytes(self.take::<2>()?);
        let lat = i16::from_le_bytes(self.take::<2>()?);
        Ok([f32::from(lon) / 100.0, f32::from(lat) / 100.0])
    }
}

impl WorldMap {
    /// The embedded map.
    pub fn embedded() -> Result<Self, MapError> {
        Self::from_bytes(MAP_BIN)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MapError> {
        const MAGIC: &[u8] = b"RRMAP1\n";
        if !bytes.starts_with(MAGIC) {
            return Err(MapError { at: 0, what: "not a Record Reader map" });
        }
        let mut r = Reader { bytes, at: MAGIC.len() };
        let mut map = WorldMap::default();
        for _ in 0..r.u16()? {
            let num = r.u16()?;
            match r.u8()? {
                0 => {
                    let mut polygons = Vec::new();
                    for _ in 0..r.u16()? {
                        let mut rings = Vec::new();
                        for _ in 0..r.u16()? {
                            let n = r.u16()?;
                            let ring = (0..n).map(|_| r.point()).collect::<Result<Vec<_>, _>>()?;
                            rings.push(clean(ring));
                        }
                        polygons.push(rings);
                    }
                    map.shapes.push(shape(num, polygons));
                }
                1 => map.dots.push(Dot { num, at: r.point()? }),
                _ => return Err(MapError { at: r.at, what: "unknown record kind" }),
            }
        }
        Ok(map)
    }

    /// The country at a point (longitude, latitude), if any.
    pub fn country_at(&self, p: [f32; 2]) -> Option<u16> {
        self.shapes.iter().find(|s| contains(&s.rings, p)).map(|s| s.num)
    }
}

fn shape(num: u16, polygons: Vec<Vec<Vec<[f32; 2]>>>) -> Shape {
    let mut vertices = Vec::new();
    let mut triangles = Vec::new();
    let mut rings = Vec::new();
    let mut best_area = -1.0;
    let mut anchor = [0.0, 0.0];
    for polygon in polygons {
        let base = vertices.len();
        let mut flat: Vec<f64> = Vec::new();
        let mut holes = Vec::new();
        for (i, ring) in polygon.iter().enumerate() {
            if i > 0 {
                holes.push(flat.len() / 2);
            }
            flat.extend(ring.iter().flat_map(|p| [f64::from(p[0]), f64::from(p[1])]));
        }
        if let Some(outer) = polygon.first() {
            let (min, max) = bbox(outer);
            let area = (max[0] - min[0]) * (max[1] - min[1]);
            if area > best_area {
                best_area = area;
                anchor = [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0];
            }
        }
        if let Ok(idx) = earcutr::earcut(&flat, &holes, 2) {
            for t in idx.chunks_exact(3) {
                let v = |k: usize| u32::try_from(base + t[k]).unwrap_or(0);
                triangles.push([v(0), v(1), v(2)]);
            }
        }
        for ring in polygon {
            vertices.extend(ring.iter().copied());
            rings.push(ring);
        }
    }
    Shape { num, rings, vertices, triangles, anchor }
}

/// Drops repeated points and back-and-forth spikes (A, B, A) that quantisation leaves:
/// a painter would draw them as long miter spikes.
fn clean(ring: Vec<[f32; 2]>) -> Vec<[f32; 2]> {
    let mut out: Vec<[f32; 2]> = Vec::with_capacity(ring.len());
    for p in ring {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 && out[out.len() - 2] == p {
            out.pop();
            continue;
        }
        out.push(p);
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

fn bbox(ring: &[[f32; 2]]) -> ([f32; 2], [f32; 2]) {
    ring.iter().fold(([f32::MAX, f32::MAX], [f32::MIN, f32::MIN]), |(lo, hi), p| {
        ([lo[0].min(p[0]), lo[1].min(p[1])], [hi[0].max(p[0]), hi[1].max(p[1])])
    })
}

/// Even-odd rule over all rings: holes and multiple polygons come out right.
fn contains(rings: &[Vec<[f32; 2]>], p: [f32; 2]) -> bool {
    let mut inside = false;
    for ring in rings {
        let n = ring.len();
        if n < 3 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (a, b) = (ring[i], ring[j]);
            if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0] {
                inside = !inside;
            }
            j = i;
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_map_loads_and_locates_countries() {
        let map = WorldMap::embedded().unwrap();
        assert!(map.shapes.len() >= 170, "{}", map.shapes.len());
        assert!(map.shapes.iter().all(|s| !s.triangles.is_empty()), "every shape is filled");
        assert_eq!(map.country_at([-79.0, 21.8]), Some(192), "Cuba");
        assert_eq!(map.country_at([8.0, 9.5]), Some(566), "Nigeria");
        assert_eq!(map.country_at([9.0, 17.0]), Some(562), "Niger");
        assert_eq!(map.country_at([21.0, 42.6]), Some(0), "Kosovo");
        assert_eq!(map.country_at([-30.0, 30.0]), None, "the Atlantic");
        assert!(map.dots.iter().any(|d| d.num == 702), "Singapore as a dot");
    }

    #[test]
    fn damaged_maps_are_refused() {
        assert!(WorldMap::from_bytes(b"nope").is_err());
        assert!(WorldMap::from_bytes(b"RRMAP1\n\x05\x00\x01").is_err());
    }
}
