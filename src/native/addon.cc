// The one native addon of recsys-lab: it exports every function that a kernel's .cc registered with NATIVE_EXPORT
// (napi.h), plus vectorWidth(), the floats per vector register it was compiled for (simd.h).
#include <node_api.h>

#include "napi.h"
#include "simd.h"

namespace {

napi_value VectorWidth(napi_env env, napi_callback_info) {
  napi_value out;
  napi_create_int32(env, native::VW, &out);
  return out;
}

}  // namespace

NATIVE_EXPORT(vectorWidth, VectorWidth);

NAPI_MODULE_INIT() {
  std::vector<napi_property_descriptor> props;
  for (const native::Export& e : native::exported()) props.push_back({e.name, nullptr, e.fn, nullptr, nullptr, nullptr, napi_default, nullptr});
  napi_define_properties(env, exports, props.size(), props.data());
  return exports;
}
