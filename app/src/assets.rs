//! The addresses of the built browser files: the stylesheet, and the script
//! and WASM that islands need. A release build names them by their content
//! (`nulage.3f9a….css`), so browsers may keep them for a year.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetNames {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

impl AssetNames {
    /// The names of an unhashed build (development).
    pub fn plain(output_name: &str, pkg_dir: &str) -> AssetNames {
        AssetNames {
            css: format!("/{pkg_dir}/{output_name}.css"),
            js: format!("/{pkg_dir}/{output_name}.js"),
            wasm: format!("/{pkg_dir}/{output_name}.wasm"),
        }
    }

    /// The names cargo-leptos wrote into its hash file (`js: <hash>` lines),
    /// or None if the text names no hash for one of the three.
    pub fn from_hash_file(text: &str, output_name: &str, pkg_dir: &str) -> Option<AssetNames> {
        let hash = |kind: &str| {
            text.lines().find_map(|line| {
                let (file, hash) = line.split_once(':')?;
                let hash = hash.trim();
                (file.trim() == kind
                    && !hash.is_empty()
                    && hash
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .then(|| hash.to_string())
            })
        };
        Some(AssetNames {
            css: format!("/{pkg_dir}/{output_name}.{}.css", hash("css")?),
            js: format!("/{pkg_dir}/{output_name}.{}.js", hash("js")?),
            wasm: format!("/{pkg_dir}/{output_name}.{}.wasm", hash("wasm")?),
        })
    }

    /// Whether `path` is one of these files under a content-derived name,
    /// which never changes what it holds.
    pub fn is_hashed(&self, path: &str) -> bool {
        let hashed = |name: &str| name.rsplit('.').nth(1).is_some_and(|hash| hash.len() >= 8);
        [&self.css, &self.js, &self.wasm]
            .iter()
            .any(|name| name.as_str() == path && hashed(name))
    }

    /// The script that starts the islands of a page: loads the WASM, then
    /// hands each island its element. `nonce` is the page's.
    pub fn island_script(&self, nonce: Option<&str>) -> String {
        let nonce = nonce
            .map(|n| format!(" nonce=\"{}\"", crate::components::escape_text(n)))
            .unwrap_or_default();
        format!(
            "<link rel=\"modulepreload\" href=\"{js}\">\
             <link rel=\"preload\" href=\"{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\">\
             <script type=\"module\"{nonce}>\
             import init, * as m from \"{js}\";\
             init({{module_or_path: \"{wasm}\"}}).then(() => {{\
             m.hydrate();\
             for (const el of document.querySelectorAll(\"leptos-island\")) {{\
             if (el.parentElement && el.parentElement.closest(\"leptos-island\")) continue;\
             const start = m[el.dataset.component];\
             if (start) start(el);\
             }}\
             document.documentElement.dataset.islands = \"ready\";\
             }});\
             </script>",
            js = self.js,
            wasm = self.wasm,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_come_from_the_hash_file() {
        let names = AssetNames::from_hash_file(
            "js: a1b2c3d4e5\nwasm: f6a7b8c9d0\ncss: 0011223344\n",
            "nulage",
            "pkg",
        )
        .unwrap();
        assert_eq!(names.js, "/pkg/nulage.a1b2c3d4e5.js");
        assert_eq!(names.wasm, "/pkg/nulage.f6a7b8c9d0.wasm");
        assert_eq!(names.css, "/pkg/nulage.0011223344.css");
        assert!(names.is_hashed("/pkg/nulage.a1b2c3d4e5.js"));
        assert!(!names.is_hashed("/pkg/nulage.js"));
        assert!(!AssetNames::plain("nulage", "pkg").is_hashed("/pkg/nulage.js"));
        // A hash file that lacks one, or holds something odd, is not used.
        assert!(AssetNames::from_hash_file("js: a1\nwasm: b2\n", "nulage", "pkg").is_none());
        assert!(
            AssetNames::from_hash_file("js: a\"><x\nwasm: b\ncss: c\n", "nulage", "pkg").is_none()
        );
    }

    #[test]
    fn the_island_script_carries_the_nonce_and_the_names() {
        let script = AssetNames::plain("nulage", "pkg").island_script(Some("n0nce"));
        assert!(script.contains("<script type=\"module\" nonce=\"n0nce\">"));
        assert!(script.contains("from \"/pkg/nulage.js\""));
        assert!(script.contains("module_or_path: \"/pkg/nulage.wasm\""));
    }
}
