//! A Mapbox Vector Tile (MVT 2.1) encoder: layers of features with properties and geometries in
//! tile units, written as the protobuf message the specification defines. Small enough to write
//! by hand (varints, length-delimited fields), so no protobuf code generator is needed.

use std::collections::HashMap;

/// A property value. MVT has no null: a missing value is a missing property.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Double(f64),
    Bool(bool),
}

/// The geometry of one feature, already in tile units (integers, y growing downwards).
#[derive(Debug, Clone, PartialEq)]
pub enum TileGeometry {
    Points(Vec<[i32; 2]>),
    /// Rings, each closed implicitly (first point not repeated): exterior rings with a positive
    /// area in tile coordinates (clockwise on screen), each followed by its holes.
    Polygons(Vec<Vec<[i32; 2]>>),
    /// Lines of at least two points each.
    Lines(Vec<Vec<[i32; 2]>>),
}

/// One layer being written.
pub struct LayerBuilder {
    name: String,
    extent: u32,
    keys: Vec<String>,
    key_index: HashMap<String, u32>,
    values: Vec<Value>,
    value_index: HashMap<ValueKey, u32>,
    features: Vec<Vec<u8>>,
}

/// A hashable form of [`Value`] (doubles by their bits), to write each distinct value once.
#[derive(PartialEq, Eq, Hash)]
enum ValueKey {
    Text(String),
    Int(i64),
    Double(u64),
    Bool(bool),
}

impl LayerBuilder {
    pub fn new(name: &str, extent: u32) -> Self {
        LayerBuilder {
            name: name.to_string(),
            extent,
            keys: Vec::new(),
            key_index: HashMap::new(),
            values: Vec::new(),
            value_index: HashMap::new(),
            features: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Adds a feature; one with an empty geometry is skipped (the tile would be invalid).
    pub fn add(&mut self, geometry: &TileGeometry, properties: &[(&str, Value)]) {
        let commands = match geometry {
            TileGeometry::Points(points) => point_commands(points),
            TileGeometry::Polygons(rings) => polygon_commands(rings),
            TileGeometry::Lines(lines) => line_commands(lines),
        };
        if commands.is_empty() {
            return;
        }
        let mut tags = Vec::with_capacity(properties.len() * 2);
        for (key, value) in properties {
            tags.push(self.key(key));
            tags.push(self.value(value));
        }
        let kind = match geometry {
            TileGeometry::Points(_) => 1,
            TileGeometry::Lines(_) => 2,
            TileGeometry::Polygons(_) => 3,
        };
        let mut f = Vec::new();
        packed_field(&mut f, 2, &tags);
        varint_field(&mut f, 3, kind);
        packed_field(&mut f, 4, &commands);
        self.features.push(f);
    }

    fn key(&mut self, key: &str) -> u32 {
        if let Some(&i) = self.key_index.get(key) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.keys.push(key.to_string());
        self.key_index.insert(key.to_string(), i);
        i
    }

    fn value(&mut self, value: &Value) -> u32 {
        let k = match value {
            Value::Text(s) => ValueKey::Text(s.clone()),
            Value::Int(i) => ValueKey::Int(*i),
            Value::Double(d) => ValueKey::Double(d.to_bits()),
            Value::Bool(b) => ValueKey::Bool(*b),
        };
        if let Some(&i) = self.value_index.get(&k) {
            return i;
        }
        let i = self.values.len() as u32;
        self.values.push(value.clone());
        self.value_index.insert(k, i);
        i
    }

    /// The `Layer` message (field 3 of a `Tile`), or nothing for a layer without features.
    pub fn write_into(&self, tile: &mut Vec<u8>) {
        if self.features.is_empty() {
            return;
        }
        let mut layer = Vec::new();
        varint_field(&mut layer, 15, 2); // version
        bytes_field(&mut layer, 1, self.name.as_bytes());
        for f in &self.features {
            bytes_field(&mut layer, 2, f);
        }
        for k in &self.keys {
            bytes_field(&mut layer, 3, k.as_bytes());
        }
        for v in &self.values {
            let mut m = Vec::new();
            match v {
                Value::Text(s) => bytes_field(&mut m, 1, s.as_bytes()),
                Value::Double(d) => {
                    key(&mut m, 3, 1);
                    m.extend_from_slice(&d.to_le_bytes());
                }
                Value::Int(i) if *i >= 0 => varint_field(&mut m, 5, *i as u64),
                Value::Int(i) => varint_field(&mut m, 6, zigzag64(*i)),
                Value::Bool(b) => varint_field(&mut m, 7, u64::from(*b)),
            }
            bytes_field(&mut layer, 4, &m);
        }
        varint_field(&mut layer, 5, u64::from(self.extent));
        bytes_field(tile, 3, &layer);
    }
}

/// A whole tile of the given layers (empty bytes when none has a feature).
pub fn encode_tile(layers: &[&LayerBuilder]) -> Vec<u8> {
    let mut tile = Vec::new();
    for l in layers {
        l.write_into(&mut tile);
    }
    tile
}

fn command(id: u32, count: usize) -> u32 {
    (id & 7) | ((count as u32) << 3)
}

fn zigzag32(v: i32) -> u32 {
    ((v << 1) ^ (v >> 31)) as u32
}

fn zigzag64(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn point_commands(points: &[[i32; 2]]) -> Vec<u32> {
    if points.is_empty() {
        return Vec::new();
    }
    let mut out = vec![command(1, points.len())];
    let mut cursor = [0i32, 0];
    for p in points {
        out.push(zigzag32(p[0] - cursor[0]));
        out.push(zigzag32(p[1] - cursor[1]));
        cursor = *p;
    }
    out
}

fn polygon_commands(rings: &[Vec<[i32; 2]>]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut cursor = [0i32, 0];
    for ring in rings.iter().filter(|r| r.len() >= 3) {
        out.push(command(1, 1));
        out.push(zigzag32(ring[0][0] - cursor[0]));
        out.push(zigzag32(ring[0][1] - cursor[1]));
        cursor = ring[0];
        out.push(command(2, ring.len() - 1));
        for p in &ring[1..] {
            out.push(zigzag32(p[0] - cursor[0]));
            out.push(zigzag32(p[1] - cursor[1]));
            cursor = *p;
        }
        out.push(command(7, 1));
    }
    out
}

fn line_commands(lines: &[Vec<[i32; 2]>]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut cursor = [0i32, 0];
    for line in lines.iter().filter(|l| l.len() >= 2) {
        out.push(command(1, 1));
        out.push(zigzag32(line[0][0] - cursor[0]));
        out.push(zigzag32(line[0][1] - cursor[1]));
        cursor = line[0];
        out.push(command(2, line.len() - 1));
        for p in &line[1..] {
            out.push(zigzag32(p[0] - cursor[0]));
            out.push(zigzag32(p[1] - cursor[1]));
            cursor = *p;
        }
    }
    out
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn key(out: &mut Vec<u8>, field: u32, wire: u8) {
    varint(out, (u64::from(field) << 3) | u64::from(wire));
}

fn varint_field(out: &mut Vec<u8>, field: u32, v: u64) {
    key(out, field, 0);
    varint(out, v);
}

fn bytes_field(out: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    key(out, field, 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn packed_field(out: &mut Vec<u8>, field: u32, values: &[u32]) {
    let mut body = Vec::with_capacity(values.len() * 2);
    for &v in values {
        varint(&mut body, u64::from(v));
    }
    bytes_field(out, field, &body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_follow_the_specification_example() {
        // MVT 2.1, 4.3.5: a point at (25, 17) is [9, 50, 34].
        assert_eq!(point_commands(&[[25, 17]]), vec![9, 50, 34]);
        // A polygon (3,6) (8,12) (20,34): [9, 6, 12, 18, 10, 12, 24, 44, 15].
        assert_eq!(
            polygon_commands(&[vec![[3, 6], [8, 12], [20, 34]]]),
            vec![9, 6, 12, 18, 10, 12, 24, 44, 15]
        );
        // MVT 2.1, 4.3.5.2: lines (2,2) (2,10) (10,10) and (1,1) (3,5).
        assert_eq!(
            line_commands(&[vec![[2, 2], [2, 10], [10, 10]], vec![[1, 1], [3, 5]]]),
            vec![9, 4, 4, 18, 0, 16, 16, 0, 9, 17, 17, 10, 4, 8]
        );
    }

    #[test]
    fn an_empty_layer_writes_nothing_and_values_are_shared() {
        let mut l = LayerBuilder::new("places", 4096);
        assert!(encode_tile(&[&l]).is_empty());
        let p = TileGeometry::Points(vec![[1, 2]]);
        l.add(&p, &[("nom", Value::Text("A".into()))]);
        l.add(&p, &[("nom", Value::Text("A".into()))]);
        assert_eq!(l.values.len(), 1);
        assert_eq!(l.keys, vec!["nom".to_string()]);
        assert!(!encode_tile(&[&l]).is_empty());
    }
}
