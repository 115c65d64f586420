// The two-tower dense step in C++: MLP towers, L2 normalisation, the sampled softmax with logQ correction
// and its backward pass. The maths is exactly that of src/models/two-tower/dense-js.ts and
// src/core/sampled-softmax/sampled-softmax.ts (the references it is tested against); only the loop order
// differs, so that every inner loop runs over contiguous floats and the compiler vectorises it.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace tt {

// One tower: L layers, layer l maps sizes[l] → sizes[l+1]; W[l] is sizes[l] × sizes[l+1] row-major.
struct Tower {
  int L;
  const int* sizes;
  const float* const* W;
  const float* const* b;
  float* const* gW;  // gradients, accumulated (caller zeroes)
  float* const* gB;
};

// One helper thread that runs half of each parallel section. Handing work over costs a few
// microseconds (it spins briefly before sleeping), where starting a thread per section cost ~45 µs,
// which ate most of the gain at this step size (measured). Owned by the Node environment (binding.cc).
class Helper {
 public:
  Helper();
  ~Helper();
  Helper(const Helper&) = delete;
  Helper& operator=(const Helper&) = delete;
  // runs f on the helper while the caller runs g; returns when both are done
  void both(const std::function<void()>& f, const std::function<void()>& g);

 private:
  void loop();
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<uint64_t> posted_{0};
  std::atomic<uint64_t> finished_{0};
  std::atomic<bool> sleeping_{false};
  bool stop_ = false;
  const std::function<void()>* job_ = nullptr;
  std::thread thread_;
};

struct StepInput {
  const float* xu;  // B × e
  const float* xi;  // (C + B·k) × e
  int B, C, k;
  const int32_t* rowItem;  // B
  const int32_t* colItem;  // C
  const float* logQ;       // C
  float correction;
  float temperature;
  bool inBatch;
  Helper* helper;  // null: one thread
};

// Loss of the batch; writes gradients w.r.t. xu (B × e) and xi ((C + B·k) × e) and accumulates the
// weight gradients into the towers' gW / gB.
double step(const Tower& user, const Tower& item, const StepInput& in, float* gxu, float* gxi);

// L2-normalised outputs (n × sizes[L]) of one tower for n inputs.
void encode(const Tower& t, const float* x, int n, float* out);

}  // namespace tt
