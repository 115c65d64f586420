// The vector width the addon is compiled for (-march=native on x64): VW floats in one register, 16 with AVX-512,
// 8 with AVX/AVX2, 4 with SSE or NEON. Kernels that write GCC/Clang vector types use it; the addon reports it
// (vectorWidth), because float results of a kernel can differ in the last bits between widths.
#pragma once

namespace native {

#if defined(__AVX512F__)
constexpr int VW = 16;
#elif defined(__AVX__)
constexpr int VW = 8;
#else
constexpr int VW = 4;
#endif

}  // namespace native
