# The one native addon (build.mjs runs node-gyp on this file). A kernel adds one line to "sources": its .cc files
# under src/native/<kernel>/ (see ARCHITECTURE.md, "Adding a native kernel").
{
  "targets": [
    {
      "target_name": "recsys_native",
      "sources": [
        "addon.cc",
        "two-tower/binding.cc", "two-tower/dense_step.cc", "two-tower/sparse_rows.cc",
        "quantization/quantization.cc", "gbdt/gbdt.cc", "exact/exact.cc",
        "memory/memory.cc",
        "gbdt-train/gbdt_train.cc",
        "hnsw/hnsw.cc",
        "isotonic/isotonic.cc",
      ],
      "include_dirs": ["<!(node -p \"require('path').join(require('path').dirname(require.resolve('hnswlib-node/package.json')), 'src', 'hnswlib')\")"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-O3", "-std=c++17", "-fexceptions", "-ffp-contract=fast"],
      "conditions": [
        ["target_arch=='x64'", { "cflags_cc": ["-march=native"] }],
        ["OS=='mac'", { "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "YES", "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17", "-ffp-contract=fast"] } }]
      ]
    }
  ]
}
