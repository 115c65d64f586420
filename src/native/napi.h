// What every kernel's Node-API glue needs: checked typed-array and number arguments, errors that become JavaScript
// exceptions, and NATIVE_EXPORT, which registers a function under its name on the one addon (addon.cc). Every length
// is checked in the glue, because a wrong length would otherwise read or write outside a buffer.
#pragma once
#include <node_api.h>

#include <string>
#include <vector>

namespace native {

struct Error {
  std::string message;
};

inline void check(napi_env env, napi_status s) {
  (void)env;
  if (s != napi_ok) throw Error{"Node-API call failed"};
}

// a typed array of exactly `expect` elements of type `want`
template <class T>
T* typed(napi_env env, napi_value v, napi_typedarray_type want, size_t expect, const char* name) {
  bool is = false;
  check(env, napi_is_typedarray(env, v, &is));
  if (!is) throw Error{std::string(name) + " must be a typed array"};
  napi_typedarray_type type;
  size_t length;
  void* data;
  check(env, napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr));
  if (type != want) throw Error{std::string(name) + " has the wrong element type"};
  if (length != expect) throw Error{std::string(name) + " has length " + std::to_string(length) + ", expected " + std::to_string(expect)};
  return static_cast<T*>(data);
}

// a typed array of any length (returned in *length), or null when nullable and v is null
template <class T>
T* anyTyped(napi_env env, napi_value v, napi_typedarray_type want, size_t* length, const char* name, bool nullable = false) {
  napi_valuetype vt;
  check(env, napi_typeof(env, v, &vt));
  if (nullable && vt == napi_null) {
    *length = 0;
    return nullptr;
  }
  bool is = false;
  check(env, napi_is_typedarray(env, v, &is));
  if (!is) throw Error{std::string(name) + " must be a typed array"};
  napi_typedarray_type type;
  void* data;
  check(env, napi_get_typedarray_info(env, v, &type, length, &data, nullptr, nullptr));
  if (type != want) throw Error{std::string(name) + " has the wrong element type"};
  return static_cast<T*>(data);
}

inline void checkIndices(const int32_t* idx, size_t n, size_t limit, const char* name) {
  for (size_t q = 0; q < n; q++) {
    if (idx[q] < 0 || (size_t)idx[q] >= limit) throw Error{std::string(name) + " holds " + std::to_string(idx[q]) + ", outside [0, " + std::to_string(limit) + ")"};
  }
}

inline int integer(napi_env env, napi_value v, const char* name) {
  int32_t out;
  if (napi_get_value_int32(env, v, &out) != napi_ok) throw Error{std::string(name) + " must be a number"};
  return out;
}

inline double number(napi_env env, napi_value v, const char* name) {
  double out;
  if (napi_get_value_double(env, v, &out) != napi_ok) throw Error{std::string(name) + " must be a number"};
  return out;
}

inline bool boolean(napi_env env, napi_value v) {
  bool out = false;
  check(env, napi_get_value_bool(env, v, &out));
  return out;
}

// The arguments of a call, exactly `n` of them.
inline std::vector<napi_value> args(napi_env env, napi_callback_info info, size_t n, const char* fn) {
  size_t argc = n;
  std::vector<napi_value> a(n);
  check(env, napi_get_cb_info(env, info, &argc, a.data(), nullptr, nullptr));
  if (argc != n) throw Error{std::string(fn) + " takes " + std::to_string(n) + " arguments"};
  return a;
}

// Runs body, turning an Error into a JavaScript exception.
template <class F>
napi_value guarded(napi_env env, F body) {
  try {
    return body();
  } catch (const Error& err) {
    napi_throw_error(env, nullptr, err.message.c_str());
    return nullptr;
  }
}

inline napi_value element(napi_env env, napi_value arr, uint32_t i) {
  napi_value v;
  check(env, napi_get_element(env, arr, i, &v));
  return v;
}

// The functions the addon exports: each kernel's .cc adds its own with NATIVE_EXPORT, addon.cc puts them on exports.
struct Export {
  const char* name;
  napi_callback fn;
};

inline std::vector<Export>& exported() {
  static std::vector<Export> list;
  return list;
}

struct Registration {
  Registration(const char* name, napi_callback fn) { exported().push_back({name, fn}); }
};

}  // namespace native

// NATIVE_EXPORT(gatherRows, GatherRows): the JavaScript name, then the napi_callback that implements it
#define NATIVE_EXPORT(jsName, fn) static const native::Registration native_export_##jsName(#jsName, fn)
