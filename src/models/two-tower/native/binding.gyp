{
  "targets": [
    {
      "target_name": "two_tower_dense",
      "sources": ["binding.cc", "dense_step.cc", "sparse_rows.cc"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-O3", "-std=c++17", "-fexceptions", "-ffp-contract=fast"],
      "conditions": [
        ["target_arch=='x64'", { "cflags_cc": ["-march=native"] }],
        ["OS=='mac'", { "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "YES", "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17", "-ffp-contract=fast"] } }]
      ]
    }
  ]
}
