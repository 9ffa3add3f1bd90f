//! Reading the node ids of a JSON export (included with `#[path]` by the CLI suites).

/// The sorted node ids of a node-link JSON document.
pub fn json_ids(bytes: &[u8]) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(bytes).expect("json");
    let mut ids: Vec<String> = json["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["id"].as_str().map(str::to_owned))
        .collect();
    ids.sort();
    ids
}
