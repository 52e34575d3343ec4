// The train-gpu native addon: libtorch training loops behind the C Node-API (node_api.h).
//
// Written against plain Node-API rather than node-addon-api because the package does not
// depend on node-addon-api yet; the shape follows native-serving.md §2: inputs are copied on
// the JS thread, training runs on its own thread and reports each epoch through a
// napi_threadsafe_function (in order, before the promise settles), results are copied
// into fresh typed arrays on the JS thread, and every C++ exception (c10::Error included)
// becomes a promise rejection.
#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif
#include <node_api.h>
#include <torch/torch.h>
#include <torch/version.h>
#include <ATen/autocast_mode.h>

#if defined(USE_C10D_GLOO) || defined(USE_C10D_NCCL)
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
#ifdef USE_C10D_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

// Thrown on the JS thread when an argument is malformed; turned into a JS TypeError.
struct ArgumentError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Turns a failed napi_status into a C++ exception so the callers stay linear.
void check(napi_env env, napi_status status, const char* what) {
  if (status == napi_ok) return;
  const napi_extended_error_info* info = nullptr;
  napi_get_last_error_info(env, &info);
  std::string message = std::string(what) + ": " +
                        (info != nullptr && info->error_message != nullptr ? info->error_message
                                                                          : "Node-API call failed");
  throw std::runtime_error(message);
}

bool hasProperty(napi_env env, napi_value object, const char* name) {
  bool has = false;
  check(env, napi_has_named_property(env, object, name, &has), name);
  if (!has) return false;
  napi_value value;
  check(env, napi_get_named_property(env, object, name, &value), name);
  napi_valuetype type;
  check(env, napi_typeof(env, value, &type), name);
  return type != napi_undefined;
}

napi_value property(napi_env env, napi_value object, const char* name) {
  bool has = false;
  check(env, napi_has_named_property(env, object, name, &has), name);
  if (!has) throw ArgumentError(std::string("missing property `") + name + "`");
  napi_value value;
  check(env, napi_get_named_property(env, object, name, &value), name);
  return value;
}

double number(napi_env env, napi_value object, const char* name) {
  napi_value value = property(env, object, name);
  double result = 0;
  if (napi_get_value_double(env, value, &result) != napi_ok) {
    throw ArgumentError(std::string("`") + name + "` must be a number");
  }
  return result;
}

std::string text(napi_env env, napi_value object, const char* name) {
  napi_value value = property(env, object, name);
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) {
    throw ArgumentError(std::string("`") + name + "` must be a string");
  }
  std::string result(length, '\0');
  check(env, napi_get_value_string_utf8(env, value, result.data(), length + 1, &length), name);
  return result;
}

// Copies a typed array of the expected element type out of the JS heap (never read from a worker).
template <typename T>
std::vector<T> copyTypedArray(napi_env env, napi_value value, napi_typedarray_type expected,
                              const char* name) {
  bool isTypedArray = false;
  check(env, napi_is_typedarray(env, value, &isTypedArray), name);
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (isTypedArray) {
    check(env, napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr), name);
  }
  if (!isTypedArray || type != expected) {
    throw ArgumentError(std::string("`") + name + "` has the wrong typed array type");
  }
  std::vector<T> result(length);
  if (length > 0) std::memcpy(result.data(), data, length * sizeof(T));
  return result;
}

napi_value newFloat32Array(napi_env env, const float* data, size_t length) {
  void* target = nullptr;
  napi_value buffer;
  check(env, napi_create_arraybuffer(env, length * sizeof(float), &target, &buffer), "arraybuffer");
  if (length > 0) std::memcpy(target, data, length * sizeof(float));
  napi_value array;
  check(env, napi_create_typedarray(env, napi_float32_array, length, buffer, 0, &array), "typedarray");
  return array;
}

napi_value newFloat64Array(napi_env env, const std::vector<double>& values) {
  void* target = nullptr;
  napi_value buffer;
  check(env, napi_create_arraybuffer(env, values.size() * sizeof(double), &target, &buffer),
        "arraybuffer");
  if (!values.empty()) std::memcpy(target, values.data(), values.size() * sizeof(double));
  napi_value array;
  check(env, napi_create_typedarray(env, napi_float64_array, values.size(), buffer, 0, &array),
        "typedarray");
  return array;
}

void setNamed(napi_env env, napi_value object, const char* name, napi_value value) {
  check(env, napi_set_named_property(env, object, name, value), name);
}

napi_value newString(napi_env env, const std::string& value) {
  napi_value result;
  check(env, napi_create_string_utf8(env, value.c_str(), value.size(), &result), "string");
  return result;
}

napi_value newNumber(napi_env env, double value) {
  napi_value result;
  check(env, napi_create_double(env, value, &result), "number");
  return result;
}

napi_value newBoolean(napi_env env, bool value) {
  napi_value result;
  check(env, napi_get_boolean(env, value, &result), "boolean");
  return result;
}

// Runs `body` and turns any C++ exception into a pending JS exception (Node-API callbacks
// must not let exceptions escape into Node).
template <typename Body>
napi_value guarded(napi_env env, Body body) {
  try {
    return body();
  } catch (const ArgumentError& error) {
    napi_throw_type_error(env, "TRAIN_GPU_NATIVE_ARGUMENT", error.what());
  } catch (const c10::Error& error) {
    napi_throw_error(env, "TRAIN_GPU_NATIVE_TORCH", error.what_without_backtrace());
  } catch (const std::exception& error) {
    napi_throw_error(env, "TRAIN_GPU_NATIVE", error.what());
  }
  return nullptr;
}

// --- version() -------------------------------------------------------------------------------

napi_value Version(napi_env env, napi_callback_info) {
  return guarded(env, [&]() {
    napi_value result;
    check(env, napi_create_object(env, &result), "object");
    setNamed(env, result, "torchVersion", newString(env, TORCH_VERSION));
    setNamed(env, result, "cxx11Abi", newBoolean(env, _GLIBCXX_USE_CXX11_ABI != 0));
    setNamed(env, result, "cudaAvailable", newBoolean(env, torch::cuda::is_available()));
    setNamed(env, result, "cudaDeviceCount",
             newNumber(env, static_cast<double>(torch::cuda::device_count())));
    setNamed(env, result, "threads", newNumber(env, at::get_num_threads()));
    napi_value distributed;
    check(env, napi_create_object(env, &distributed), "object");
#ifdef USE_C10D_GLOO
    setNamed(env, distributed, "gloo", newBoolean(env, true));
#else
    setNamed(env, distributed, "gloo", newBoolean(env, false));
#endif
#ifdef USE_C10D_NCCL
    setNamed(env, distributed, "nccl", newBoolean(env, true));
#else
    setNamed(env, distributed, "nccl", newBoolean(env, false));
#endif
    setNamed(env, result, "distributed", distributed);
    return result;
  });
}

// --- trainMlp(options) -------------------------------------------------------------------------
// Trains a dense MLP, or (with `embedding`, `ids`, `offsets`) a text classifier:
// EmbeddingBag(mean) then the same MLP. Optional `checkpointPath`/`checkpointEvery` write
// checkpoints (torch::serialize archive: parameters, optimizer state, next epoch, losses)
// atomically; `resumeFrom` continues from one. The batch order comes from JS, so the epoch
// number is the whole of the "RNG position" a checkpoint needs.

struct LayerData {
  int64_t inFeatures = 0;
  int64_t outFeatures = 0;
  std::vector<float> weight;
  std::vector<float> bias;
};

struct OptimizerSettings {
  std::string kind;  // "sgd" | "adam"
  double learningRate = 0.01;
  double momentum = 0;
  double weightDecay = 0;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
};

// Data-parallel settings (worldSize 1: none).
struct DistributedSettings {
  int64_t rank = 0;
  int64_t worldSize = 1;
  std::string backend = "gloo";  // "gloo" | "nccl"
  std::string storeKind;         // "file" | "tcp"
  std::string storePath;
  std::string storeHost;
  int64_t storePort = 0;
  int64_t timeoutMs = 300000;
};

struct MlpJob {
  std::vector<LayerData> layers;
  // Text classifier only: the EmbeddingBag(mean) table and the token bags (empty for an MLP).
  bool text = false;
  std::vector<float> embedding;
  int64_t vocabularySize = 0;
  std::vector<int32_t> ids;
  std::vector<int32_t> offsets;
  std::string device = "cpu";
  // Checkpoints: written atomically after every `checkpointEvery` epochs (0: never).
  std::string checkpointPath;
  int64_t checkpointEvery = 0;
  std::string resumeFrom;
  // Identifies the data and settings; stored in checkpoints and compared on resume (and,
  // distributed, between the ranks).
  std::string fingerprint;
  // Learning rate of each epoch (a schedule computed in JS); empty: the optimizer's own.
  std::vector<double> learningRates;
  // Forward pass under autocast in bfloat16.
  bool bf16 = false;
  DistributedSettings distributed;
  std::vector<float> features;
  std::vector<int32_t> labels;
  std::vector<int32_t> order;
  int64_t rows = 0;
  int64_t epochs = 0;
  int64_t batchSize = 0;
  int64_t threads = 0;
  OptimizerSettings optimizer;
  // Set by cancel() (JS thread) or a throwing onEpoch; read by the training thread per batch.
  std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);
  // Filled by the training thread.
  std::vector<double> epochLosses;
  std::string error;
  std::string errorCode;
  // JS-thread state.
  napi_deferred deferred = nullptr;
  napi_threadsafe_function events = nullptr;
  napi_ref callbackError = nullptr;
};

// What the training thread posts to the JS thread, in order: epochs, then one `done`.
struct Event {
  bool done = false;
  int64_t epoch = 0;
  double loss = 0;
  bool checkpointed = false;
  std::shared_ptr<MlpJob> job;  // Set on `done` only: keeps the job alive until settled.
};

struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("native training was cancelled") {}
};

// A checkpoint that belongs to another model, other data or other settings.
struct CheckpointMismatch : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A collective or the rendezvous failed (a peer died, timed out, or disagrees).
struct DistributedFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A string as a uint8 tensor (checkpoint entries).
torch::Tensor bytesTensor(const std::string& value) {
  auto tensor = torch::empty({static_cast<int64_t>(value.size())}, torch::kUInt8);
  if (!value.empty()) std::memcpy(tensor.data_ptr<uint8_t>(), value.data(), value.size());
  return tensor;
}

// The optimizer step. SGD is libtorch's. Adam is our own, with the passes of torch.optim.Adam's
// default path on the CPU (one tensor at a time; `lerp_` for the first moment): libtorch's C++
// Adam spends one more pass over every parameter there (`mul_` then `add_`), which is a fifth
// of a text-classifier step whose embedding table holds two million values.
class Stepper {
 public:
  virtual ~Stepper() = default;
  virtual void zeroGrad() = 0;
  virtual void step() = 0;
  virtual void setLearningRate(double learningRate) = 0;
  virtual void save(torch::serialize::OutputArchive& archive) = 0;
  virtual void load(torch::serialize::InputArchive& archive) = 0;
};

class SgdStepper final : public Stepper {
 public:
  SgdStepper(const OptimizerSettings& settings, const std::vector<torch::Tensor>& parameters)
      : sgd_(parameters, torch::optim::SGDOptions(settings.learningRate)
                             .momentum(settings.momentum)
                             .weight_decay(settings.weightDecay)) {}
  void zeroGrad() override { sgd_.zero_grad(); }
  void step() override { sgd_.step(); }
  void setLearningRate(double learningRate) override {
    for (auto& group : sgd_.param_groups()) group.options().set_lr(learningRate);
  }
  void save(torch::serialize::OutputArchive& archive) override { sgd_.save(archive); }
  void load(torch::serialize::InputArchive& archive) override { sgd_.load(archive); }

 private:
  torch::optim::SGD sgd_;
};

class AdamStepper final : public Stepper {
 public:
  AdamStepper(const OptimizerSettings& settings, const std::vector<torch::Tensor>& parameters)
      : settings_(settings),
        parameters_(parameters),
        firstMoments_(parameters.size()),
        secondMoments_(parameters.size()),
        steps_(parameters.size(), 0) {}

  // Gradients to none, as `zero_grad()` does by default.
  void zeroGrad() override {
    for (auto& parameter : parameters_) parameter.mutable_grad().reset();
  }

  void step() override {
    torch::NoGradGuard noGrad;
    const double beta1 = settings_.beta1;
    const double beta2 = settings_.beta2;
    for (size_t index = 0; index < parameters_.size(); ++index) {
      auto& parameter = parameters_[index];
      if (!parameter.grad().defined()) continue;  // torch skips it, and its step count too
      auto gradient = parameter.grad();
      if (settings_.weightDecay != 0) gradient = gradient.add(parameter, settings_.weightDecay);
      auto& first = firstMoments_[index];
      auto& second = secondMoments_[index];
      if (!first.defined()) {
        first = torch::zeros_like(parameter, at::MemoryFormat::Preserve);
        second = torch::zeros_like(parameter, at::MemoryFormat::Preserve);
      }
      const auto step = static_cast<double>(++steps_[index]);
      first.lerp_(gradient, 1 - beta1);
      second.mul_(beta2).addcmul_(gradient, gradient, 1 - beta2);
      const double stepSize = settings_.learningRate / (1 - std::pow(beta1, step));
      const double correction = std::pow(1 - std::pow(beta2, step), 0.5);
      auto denominator = (second.sqrt() / correction).add_(settings_.epsilon);
      parameter.addcdiv_(first, denominator, -stepSize);
    }
  }

  void setLearningRate(double learningRate) override { settings_.learningRate = learningRate; }

  void save(torch::serialize::OutputArchive& archive) override {
    archive.write("kind", bytesTensor("adam"));
    archive.write("steps", torch::tensor(steps_, torch::kInt64));
    for (size_t index = 0; index < parameters_.size(); ++index) {
      if (!firstMoments_[index].defined()) continue;
      archive.write("first." + std::to_string(index), firstMoments_[index].cpu());
      archive.write("second." + std::to_string(index), secondMoments_[index].cpu());
    }
  }

  void load(torch::serialize::InputArchive& archive) override {
    torch::Tensor kind;
    if (!archive.try_read("kind", kind) || kind.numel() != 4) {
      throw CheckpointMismatch("the checkpoint's optimizer state is not Adam's");
    }
    torch::Tensor steps;
    archive.read("steps", steps);
    if (steps.numel() != static_cast<int64_t>(parameters_.size())) {
      throw CheckpointMismatch("the checkpoint's optimizer state is of another model");
    }
    auto values = steps.contiguous();
    for (size_t index = 0; index < parameters_.size(); ++index) {
      steps_[index] = values.data_ptr<int64_t>()[index];
      torch::Tensor first;
      torch::Tensor second;
      if (archive.try_read("first." + std::to_string(index), first) &&
          archive.try_read("second." + std::to_string(index), second)) {
        firstMoments_[index] = first.to(parameters_[index].device());
        secondMoments_[index] = second.to(parameters_[index].device());
      }
    }
  }

 private:
  OptimizerSettings settings_;
  std::vector<torch::Tensor> parameters_;
  std::vector<torch::Tensor> firstMoments_;
  std::vector<torch::Tensor> secondMoments_;
  std::vector<int64_t> steps_;
};

std::unique_ptr<Stepper> makeOptimizer(const OptimizerSettings& settings,
                                       const std::vector<torch::Tensor>& parameters) {
  if (settings.kind == "sgd") return std::make_unique<SgdStepper>(settings, parameters);
  if (settings.kind == "adam") return std::make_unique<AdamStepper>(settings, parameters);
  throw std::invalid_argument("unknown optimizer `" + settings.kind + "`");
}

// Flushes a file (or folder) to disk; throws when it cannot.
void syncPath(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) throw std::runtime_error("cannot open `" + path + "` to sync it");
  int status = ::fsync(fd);
  ::close(fd);
  if (status != 0 && !directory) throw std::runtime_error("fsync of `" + path + "` failed");
}

// Writes parameters, optimizer state, the next epoch and the loss history to `path`
// atomically: a temporary file in the same folder, fsync, rename, fsync of the folder.
void saveCheckpoint(const std::string& path, int64_t nextEpoch, const std::string& fingerprint,
                    const std::vector<torch::Tensor>& parameters,
                    Stepper& optimizer, const std::vector<double>& losses) {
  torch::serialize::OutputArchive archive;
  archive.write("format", torch::tensor(int64_t{3}));
  archive.write("fingerprint", bytesTensor(fingerprint));
  archive.write("epoch", torch::tensor(nextEpoch));
  archive.write("parameterCount", torch::tensor(static_cast<int64_t>(parameters.size())));
  for (size_t index = 0; index < parameters.size(); ++index) {
    archive.write("parameter." + std::to_string(index), parameters[index].detach().cpu());
  }
  auto lossTensor = torch::empty({static_cast<int64_t>(losses.size())}, torch::kFloat64);
  if (!losses.empty()) {
    std::memcpy(lossTensor.data_ptr<double>(), losses.data(), losses.size() * sizeof(double));
  }
  archive.write("losses", lossTensor);
  torch::serialize::OutputArchive optimizerArchive;
  optimizer.save(optimizerArchive);
  archive.write("optimizer", optimizerArchive);
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  archive.save_to(temporary);
  syncPath(temporary, false);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot rename the checkpoint to `" + path + "`");
  }
  const auto slash = path.find_last_of('/');
  syncPath(slash == std::string::npos ? "." : path.substr(0, slash + 1), true);
}

// Restores what saveCheckpoint wrote; returns the epoch to continue from.
int64_t loadCheckpoint(const std::string& path, const std::string& fingerprint,
                       const std::vector<torch::Tensor>& parameters,
                       Stepper& optimizer, std::vector<double>& losses) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
  } catch (const c10::Error& error) {
    throw CheckpointMismatch("`" + path + "` is not a train-gpu checkpoint (" +
                             error.what_without_backtrace() + ")");
  }
  // InputArchive::read set_()s a defined tensor: read each entry into a fresh one.
  auto read = [&](const std::string& key) {
    torch::Tensor value;
    archive.read(key, value);
    return value;
  };
  torch::Tensor stored;
  if (archive.try_read("fingerprint", stored) && !fingerprint.empty()) {
    auto bytes = stored.contiguous();
    std::string value(reinterpret_cast<const char*>(bytes.data_ptr<uint8_t>()),
                      static_cast<size_t>(bytes.numel()));
    if (value != fingerprint) {
      throw CheckpointMismatch("checkpoint `" + path +
                               "` was written for other data or settings (fingerprint " +
                               value.substr(0, 12) + ", this run " + fingerprint.substr(0, 12) +
                               ")");
    }
  }
  if (read("parameterCount").item<int64_t>() != static_cast<int64_t>(parameters.size())) {
    throw CheckpointMismatch("checkpoint `" + path + "` is of another model");
  }
  torch::NoGradGuard noGrad;
  for (size_t index = 0; index < parameters.size(); ++index) {
    auto value = read("parameter." + std::to_string(index));
    if (!value.sizes().equals(parameters[index].sizes())) {
      throw CheckpointMismatch("checkpoint `" + path + "` is of another model");
    }
    parameters[index].copy_(value);
  }
  auto lossTensor = read("losses").contiguous();
  losses.assign(lossTensor.data_ptr<double>(), lossTensor.data_ptr<double>() + lossTensor.numel());
  torch::serialize::InputArchive optimizerArchive;
  archive.read("optimizer", optimizerArchive);
  optimizer.load(optimizerArchive);
  return read("epoch").item<int64_t>();
}

// --- data parallelism ---------------------------------------------------------------------------
// One c10d process group (Gloo on CPU, NCCL on CUDA) behind sum-all-reduce and broadcast; with
// worldSize 1 it is inactive and training runs exactly as before.

#if defined(USE_C10D_GLOO) || defined(USE_C10D_NCCL)
#if TORCH_VERSION_MAJOR >= 2
using BackendBase = c10d::Backend;
#else
using BackendBase = c10d::ProcessGroup;
#endif
#endif

class Collectives {
 public:
  Collectives(const DistributedSettings& settings, const torch::Device& device)
      : worldSize_(settings.worldSize) {
    if (worldSize_ <= 1) return;
#if defined(USE_C10D_GLOO) || defined(USE_C10D_NCCL)
    const auto timeout = std::chrono::milliseconds(settings.timeoutMs);
    try {
      c10::intrusive_ptr<c10d::Store> store;
      if (settings.storeKind == "file") {
        store = c10::make_intrusive<c10d::FileStore>(settings.storePath,
                                                     static_cast<int>(worldSize_));
      } else {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(settings.storePort);
        options.isServer = settings.rank == 0;
        options.numWorkers = static_cast<std::size_t>(worldSize_);
        options.waitWorkers = true;
        options.timeout = timeout;
        store = c10::make_intrusive<c10d::TCPStore>(settings.storeHost, options);
      }
      store->setTimeout(timeout);
      if (settings.backend == "nccl") {
#ifdef USE_C10D_NCCL
        auto options = c10d::ProcessGroupNCCL::Options::create();
        options->timeout = timeout;
        group_ = c10::make_intrusive<c10d::ProcessGroupNCCL>(
            store, static_cast<int>(settings.rank), static_cast<int>(worldSize_), options);
#else
        throw std::invalid_argument("this addon was built without NCCL");
#endif
      } else {
#ifdef USE_C10D_GLOO
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        const char* interface = std::getenv("GLOO_SOCKET_IFNAME");
        const std::string& host = settings.storeHost;
        if (interface != nullptr && *interface != '\0') {
          options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(interface));
        } else if (settings.storeKind == "file" || host == "127.0.0.1" || host == "localhost" ||
                   host == "::1") {
          options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
        } else {
          options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        }
        group_ = c10::make_intrusive<c10d::ProcessGroupGloo>(
            store, static_cast<int>(settings.rank), static_cast<int>(worldSize_), options);
#else
        throw std::invalid_argument("this addon was built without Gloo");
#endif
      }
    } catch (const c10::Error& error) {
      throw DistributedFailure(std::string("rendezvous of rank ") +
                               std::to_string(settings.rank) + " failed: " +
                               error.what_without_backtrace());
    } catch (const std::invalid_argument&) {
      throw;
    } catch (const std::exception& error) {
      throw DistributedFailure(std::string("rendezvous of rank ") +
                               std::to_string(settings.rank) + " failed: " + error.what());
    }
    (void)device;
#else
    (void)device;
    throw std::invalid_argument(
        "this addon was built without distributed support (no Gloo headers were found)");
#endif
  }

  bool active() const { return worldSize_ > 1; }

  // Sums `tensor` over the ranks, in place.
  void allReduceSum(torch::Tensor& tensor) { run(tensor, /*broadcast=*/false, "all-reduce"); }

  // Replaces `tensor` with rank 0's, in place.
  void broadcastFromZero(torch::Tensor& tensor) { run(tensor, /*broadcast=*/true, "broadcast"); }

 private:
  void run(torch::Tensor& tensor, bool broadcast, const char* what) {
#if defined(USE_C10D_GLOO) || defined(USE_C10D_NCCL)
    std::vector<at::Tensor> tensors{tensor};
    try {
      auto work = broadcast ? group_->broadcast(tensors, c10d::BroadcastOptions())
                            : group_->allreduce(tensors, c10d::AllreduceOptions());
      work->wait();
    } catch (const c10::Error& error) {
      throw DistributedFailure(std::string(what) + " failed: " + error.what_without_backtrace());
    } catch (const std::exception& error) {
      // Gloo's own exceptions (a peer closed its connection: gloo::IoException).
      throw DistributedFailure(std::string(what) + " failed: " + error.what());
    }
#else
    (void)tensor;
    (void)broadcast;
    (void)what;
#endif
  }

  int64_t worldSize_;
#if defined(USE_C10D_GLOO) || defined(USE_C10D_NCCL)
  c10::intrusive_ptr<BackendBase> group_;
#endif
};

// Concatenates the tensors, flattened, into one (zeros for undefined ones, e.g. no gradient).
torch::Tensor flatten(const std::vector<torch::Tensor>& tensors,
                      const std::vector<torch::Tensor>& shapes) {
  std::vector<torch::Tensor> parts;
  parts.reserve(tensors.size());
  for (size_t index = 0; index < tensors.size(); ++index) {
    parts.push_back(tensors[index].defined() ? tensors[index].reshape({-1})
                                             : torch::zeros({shapes[index].numel()},
                                                            shapes[index].options()));
  }
  return torch::cat(parts);
}

// Writes consecutive slices of `flat` back into `targets` (shaped like them).
void unflatten(const torch::Tensor& flat, std::vector<torch::Tensor>& targets) {
  int64_t offset = 0;
  for (auto& target : targets) {
    const int64_t size = target.numel();
    target.copy_(flat.slice(0, offset, offset + size).view_as(target));
    offset += size;
  }
}

// Autocast on the training thread (thread-local state), for the forward pass only.
void setAutocast(const torch::Device& device, bool enabled) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
  at::autocast::set_autocast_dtype(device.type(), at::kBFloat16);
  at::autocast::set_autocast_enabled(device.type(), enabled);
#else
  if (device.is_cuda()) {
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(enabled);
  } else {
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::set_cpu_enabled(enabled);
  }
#endif
  // Casts of the weights are cached while autocast is on; they are stale after a step.
  if (!enabled) at::autocast::clear_cache();
}

// The training loop; runs on its own thread and touches no JS value.
void trainMlp(MlpJob& job) {
  if (job.threads > 0) at::set_num_threads(static_cast<int>(job.threads));
  torch::autograd::GradMode::set_enabled(true);
  torch::Device device(job.device);
  const auto& distributed = job.distributed;
  if (device.is_cuda() && !device.has_index() && distributed.worldSize > 1) {
    // One GPU per rank on a host: rank r takes device r modulo the device count.
    const auto count = static_cast<int64_t>(torch::cuda::device_count());
    device = torch::Device(torch::kCUDA,
                           static_cast<c10::DeviceIndex>(count > 0 ? distributed.rank % count : 0));
  }
  Collectives collectives(distributed, device);
  const auto floatOptions = torch::TensorOptions().dtype(torch::kFloat32);
  std::vector<torch::Tensor> weights;
  std::vector<torch::Tensor> biases;
  std::vector<torch::Tensor> parameters;
  torch::Tensor table;
  const int64_t inputs = job.layers.front().inFeatures;
  if (job.text) {
    table = torch::from_blob(job.embedding.data(), {job.vocabularySize, inputs}, floatOptions)
                .to(device, /*non_blocking=*/false, /*copy=*/true)
                .requires_grad_(true);
    parameters.push_back(table);
  }
  for (auto& layer : job.layers) {
    auto weight = torch::from_blob(layer.weight.data(), {layer.outFeatures, layer.inFeatures},
                                   floatOptions)
                      .to(device, false, true)
                      .requires_grad_(true);
    auto bias = torch::from_blob(layer.bias.data(), {layer.outFeatures}, floatOptions)
                    .to(device, false, true)
                    .requires_grad_(true);
    weights.push_back(weight);
    biases.push_back(bias);
    parameters.push_back(weight);
    parameters.push_back(bias);
  }
  torch::Tensor features;
  if (!job.text) {
    features = torch::from_blob(job.features.data(), {job.rows, inputs}, floatOptions)
                   .to(device, false, true);
  }
  auto labels =
      torch::from_blob(job.labels.data(), {job.rows}, torch::kInt32).to(torch::kInt64).to(device);
  auto order = torch::from_blob(job.order.data(), {job.epochs, job.rows}, torch::kInt32)
                   .to(torch::kInt64);
  auto optimizer = makeOptimizer(job.optimizer, parameters);
  int64_t firstEpoch = 0;
  if (!job.resumeFrom.empty()) {
    firstEpoch =
        loadCheckpoint(job.resumeFrom, job.fingerprint, parameters, *optimizer, job.epochLosses);
    if (firstEpoch < 0 || firstEpoch > job.epochs ||
        static_cast<int64_t>(job.epochLosses.size()) != firstEpoch) {
      throw std::invalid_argument("checkpoint `" + job.resumeFrom + "` is at epoch " +
                                  std::to_string(firstEpoch) + ", outside this run's " +
                                  std::to_string(job.epochs) + " epochs");
    }
  }
  if (collectives.active()) {
    // Every rank must train the same data with the same settings: each compares its
    // fingerprint with rank 0's, and all of them stop when any differs.
    std::string padded = job.fingerprint;
    padded.resize(64, ' ');
    auto mine = bytesTensor(padded).to(torch::kFloat64);
    auto first = mine.clone().to(device);  // .to() of a CPU tensor to the CPU is no copy
    collectives.broadcastFromZero(first);
    auto mismatches = torch::full({1}, first.cpu().equal(mine) ? 0.0 : 1.0, torch::kFloat64)
                          .to(device);
    collectives.allReduceSum(mismatches);
    const auto differing = mismatches.cpu().item<double>();
    if (differing > 0) {
      throw DistributedFailure(
          std::to_string(static_cast<int64_t>(differing)) + " of " +
          std::to_string(distributed.worldSize) +
          " ranks were given other data or settings than rank 0 (this is rank " +
          std::to_string(distributed.rank) + ")");
    }
    // Start from rank 0's parameters (identical already when every rank initialised alike).
    torch::NoGradGuard noGrad;
    auto flat = flatten(parameters, parameters).detach().clone();
    collectives.broadcastFromZero(flat);
    unflatten(flat, parameters);
  }
  const int64_t rowLength = static_cast<int64_t>(job.ids.size());
  auto bagEnd = [&](int64_t row) -> int64_t {
    return row + 1 < job.rows ? job.offsets[row + 1] : rowLength;
  };

  for (int64_t epoch = firstEpoch; epoch < job.epochs; ++epoch) {
    if (!job.learningRates.empty()) {
      optimizer->setLearningRate(job.learningRates[static_cast<size_t>(epoch)]);
    }
    // Summed on the device in float64 (the same values and order as summing `item()`s on the
    // host), so that a CUDA step does not wait for the GPU to report its loss.
    auto lossSum = torch::zeros({1}, torch::TensorOptions().dtype(torch::kFloat64).device(device));
    for (int64_t start = 0; start < job.rows; start += job.batchSize) {
      if (job.cancelled->load()) throw Cancelled();
      const int64_t end = std::min(start + job.batchSize, job.rows);
      const int64_t size = end - start;
      // Distributed: this rank's contiguous share of the global batch [start, end).
      const int64_t lo = start + size * distributed.rank / distributed.worldSize;
      const int64_t hi = start + size * (distributed.rank + 1) / distributed.worldSize;
      optimizer->zeroGrad();
      if (hi > lo) {
        auto index = order[epoch].slice(0, lo, hi);
        auto rowsOnDevice = index.to(device);
        if (job.bf16) setAutocast(device, true);
        torch::Tensor activations;
        if (job.text) {
          std::vector<int64_t> batchIds;
          std::vector<int64_t> batchOffsets;
          const int64_t* rowsOfBatch = index.data_ptr<int64_t>();
          for (int64_t position = 0; position < hi - lo; ++position) {
            const int64_t row = rowsOfBatch[position];
            batchOffsets.push_back(static_cast<int64_t>(batchIds.size()));
            for (int64_t k = job.offsets[row]; k < bagEnd(row); ++k) {
              batchIds.push_back(job.ids[k]);
            }
          }
          auto idTensor = torch::tensor(batchIds, torch::kInt64).to(device);
          auto offsetTensor = torch::tensor(batchOffsets, torch::kInt64).to(device);
          activations = torch::nn::functional::embedding_bag(
              idTensor, table,
              torch::nn::functional::EmbeddingBagFuncOptions().offsets(offsetTensor).mode(
                  torch::kMean));
        } else {
          activations = features.index_select(0, rowsOnDevice);
        }
        for (size_t layer = 0; layer < weights.size(); ++layer) {
          activations = torch::nn::functional::linear(activations, weights[layer], biases[layer]);
          if (layer + 1 < weights.size()) activations = torch::relu(activations);
        }
        auto target = labels.index_select(0, rowsOnDevice);
        // One process: the batch mean. Distributed: this rank's sum over the global batch
        // size, so that the all-reduced (summed) gradients are those of the global mean.
        auto loss = collectives.active()
                        ? torch::nn::functional::cross_entropy(
                              activations, target,
                              torch::nn::functional::CrossEntropyFuncOptions().reduction(
                                  torch::kSum)) /
                              static_cast<double>(size)
                        : torch::nn::functional::cross_entropy(activations, target);
        if (job.bf16) setAutocast(device, false);
        loss.backward();
        lossSum.add_(loss.detach().to(torch::kFloat64).reshape({1}) * static_cast<double>(size));
      }
      if (collectives.active()) {
        std::vector<torch::Tensor> gradients;
        for (auto& parameter : parameters) gradients.push_back(parameter.grad());
        auto flat = flatten(gradients, parameters);
        collectives.allReduceSum(flat);
        torch::NoGradGuard noGrad;
        gradients.clear();
        for (auto& parameter : parameters) {
          if (!parameter.grad().defined()) parameter.mutable_grad() = torch::zeros_like(parameter);
          gradients.push_back(parameter.mutable_grad());
        }
        unflatten(flat, gradients);
      }
      optimizer->step();
    }
    if (collectives.active()) {
      collectives.allReduceSum(lossSum);
    }
    job.epochLosses.push_back(lossSum.item<double>() / static_cast<double>(job.rows));
    bool checkpointed = false;
    // Distributed: the ranks hold the same weights, and rank 0 writes the checkpoint.
    if (job.checkpointEvery > 0 && (epoch + 1) % job.checkpointEvery == 0 &&
        distributed.rank == 0) {
      saveCheckpoint(job.checkpointPath, epoch + 1, job.fingerprint, parameters, *optimizer,
                     job.epochLosses);
      checkpointed = true;
    }
    auto* event = new Event{false, epoch, job.epochLosses.back(), checkpointed, nullptr};
    if (napi_call_threadsafe_function(job.events, event, napi_tsfn_blocking) != napi_ok) {
      delete event;
    }
  }

  torch::NoGradGuard noGrad;
  if (job.text) {
    auto values = table.detach().cpu().contiguous();
    std::memcpy(job.embedding.data(), values.data_ptr<float>(),
                job.embedding.size() * sizeof(float));
  }
  for (size_t layer = 0; layer < weights.size(); ++layer) {
    auto weight = weights[layer].detach().cpu().contiguous();
    auto bias = biases[layer].detach().cpu().contiguous();
    std::memcpy(job.layers[layer].weight.data(), weight.data_ptr<float>(),
                job.layers[layer].weight.size() * sizeof(float));
    std::memcpy(job.layers[layer].bias.data(), bias.data_ptr<float>(),
                job.layers[layer].bias.size() * sizeof(float));
  }
}

// The training thread: trains, records the error if any, then posts `done`.
void runMlp(std::shared_ptr<MlpJob> job) {
  try {
    trainMlp(*job);
  } catch (const Cancelled& error) {
    job->error = error.what();
    job->errorCode = "TRAIN_GPU_NATIVE_CANCELLED";
  } catch (const CheckpointMismatch& error) {
    job->error = error.what();
    job->errorCode = "TRAIN_GPU_NATIVE_CHECKPOINT";
  } catch (const DistributedFailure& error) {
    job->error = error.what();
    job->errorCode = "TRAIN_GPU_NATIVE_DISTRIBUTED";
  } catch (const c10::Error& error) {
    job->error = error.what_without_backtrace();
    job->errorCode = "TRAIN_GPU_NATIVE_TORCH";
  } catch (const std::exception& error) {
    job->error = error.what();
    job->errorCode = "TRAIN_GPU_NATIVE";
  } catch (...) {
    job->error = "native training failed with an unknown exception";
    job->errorCode = "TRAIN_GPU_NATIVE";
  }
  napi_threadsafe_function events = job->events;
  auto* done = new Event{true, 0, 0, false, std::move(job)};
  if (napi_call_threadsafe_function(events, done, napi_tsfn_blocking) != napi_ok) delete done;
  napi_release_threadsafe_function(events, napi_tsfn_release);
}

napi_value mlpResult(napi_env env, const MlpJob& job) {
  napi_value result;
  check(env, napi_create_object(env, &result), "object");
  napi_value layers;
  check(env, napi_create_array_with_length(env, job.layers.size(), &layers), "array");
  for (size_t index = 0; index < job.layers.size(); ++index) {
    const auto& layer = job.layers[index];
    napi_value entry;
    check(env, napi_create_object(env, &entry), "object");
    setNamed(env, entry, "inFeatures", newNumber(env, static_cast<double>(layer.inFeatures)));
    setNamed(env, entry, "outFeatures", newNumber(env, static_cast<double>(layer.outFeatures)));
    setNamed(env, entry, "weight", newFloat32Array(env, layer.weight.data(), layer.weight.size()));
    setNamed(env, entry, "bias", newFloat32Array(env, layer.bias.data(), layer.bias.size()));
    check(env, napi_set_element(env, layers, static_cast<uint32_t>(index), entry), "element");
  }
  setNamed(env, result, "layers", layers);
  if (job.text) {
    setNamed(env, result, "embedding",
             newFloat32Array(env, job.embedding.data(), job.embedding.size()));
  }
  setNamed(env, result, "epochLosses", newFloat64Array(env, job.epochLosses));
  return result;
}

void settleMlp(napi_env env, MlpJob& job) {
  if (job.callbackError != nullptr) {
    napi_value error = nullptr;
    napi_get_reference_value(env, job.callbackError, &error);
    napi_delete_reference(env, job.callbackError);
    job.callbackError = nullptr;
    napi_reject_deferred(env, job.deferred, error);
    return;
  }
  std::string error = job.error;
  std::string code = job.errorCode.empty() ? "TRAIN_GPU_NATIVE" : job.errorCode;
  if (error.empty()) {
    try {
      napi_resolve_deferred(env, job.deferred, mlpResult(env, job));
      return;
    } catch (const std::exception& exception) {
      error = exception.what();
      code = "TRAIN_GPU_NATIVE";
    }
  }
  napi_value message = nullptr;
  napi_value codeValue = nullptr;
  napi_value rejection = nullptr;
  napi_create_string_utf8(env, error.c_str(), error.size(), &message);
  napi_create_string_utf8(env, code.c_str(), code.size(), &codeValue);
  napi_create_error(env, codeValue, message, &rejection);
  napi_reject_deferred(env, job.deferred, rejection);
}

// Runs on the JS thread for each event, in the order the training thread posted them.
void deliverEvent(napi_env env, napi_value onEpoch, void* context, void* data) {
  std::unique_ptr<Event> event(static_cast<Event*>(data));
  auto* job = static_cast<MlpJob*>(context);
  if (env == nullptr) return;  // The environment is shutting down.
  if (event->done) {
    settleMlp(env, *event->job);
    return;
  }
  if (onEpoch == nullptr || job->callbackError != nullptr) return;
  try {
    napi_value record;
    check(env, napi_create_object(env, &record), "object");
    setNamed(env, record, "epoch", newNumber(env, static_cast<double>(event->epoch)));
    setNamed(env, record, "loss", newNumber(env, event->loss));
    setNamed(env, record, "checkpointed", newBoolean(env, event->checkpointed));
    napi_value undefined;
    check(env, napi_get_undefined(env, &undefined), "undefined");
    if (napi_call_function(env, undefined, onEpoch, 1, &record, nullptr) != napi_ok) {
      // onEpoch threw: stop training and reject with what it threw.
      napi_value thrown = nullptr;
      napi_get_and_clear_last_exception(env, &thrown);
      napi_create_reference(env, thrown, 1, &job->callbackError);
      job->cancelled->store(true);
    }
  } catch (const std::exception&) {
    job->cancelled->store(true);
  }
}

napi_value Cancel(napi_env env, napi_callback_info info) {
  void* data = nullptr;
  napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
  static_cast<std::shared_ptr<std::atomic<bool>>*>(data)->get()->store(true);
  return nullptr;
}

void deleteCancelFlag(napi_env, void* data, void*) {
  delete static_cast<std::shared_ptr<std::atomic<bool>>*>(data);
}

void readMlpJob(napi_env env, napi_value options, MlpJob& job) {
  napi_value layers = property(env, options, "layers");
  bool isArray = false;
  check(env, napi_is_array(env, layers, &isArray), "layers");
  uint32_t layerCount = 0;
  if (isArray) check(env, napi_get_array_length(env, layers, &layerCount), "layers");
  if (layerCount == 0) throw ArgumentError("`layers` must be a non-empty array");
  for (uint32_t index = 0; index < layerCount; ++index) {
    napi_value entry;
    check(env, napi_get_element(env, layers, index, &entry), "layers");
    LayerData layer;
    layer.inFeatures = static_cast<int64_t>(number(env, entry, "inFeatures"));
    layer.outFeatures = static_cast<int64_t>(number(env, entry, "outFeatures"));
    layer.weight =
        copyTypedArray<float>(env, property(env, entry, "weight"), napi_float32_array, "weight");
    layer.bias =
        copyTypedArray<float>(env, property(env, entry, "bias"), napi_float32_array, "bias");
    if (layer.inFeatures <= 0 || layer.outFeatures <= 0 ||
        layer.weight.size() != static_cast<size_t>(layer.inFeatures * layer.outFeatures) ||
        layer.bias.size() != static_cast<size_t>(layer.outFeatures)) {
      throw ArgumentError("layer " + std::to_string(index) + " has inconsistent sizes");
    }
    if (!job.layers.empty() && job.layers.back().outFeatures != layer.inFeatures) {
      throw ArgumentError("layer " + std::to_string(index) + " does not follow the previous one");
    }
    job.layers.push_back(std::move(layer));
  }
  const int64_t inputs = job.layers.front().inFeatures;
  job.text = hasProperty(env, options, "embedding");
  if (job.text) {
    job.embedding = copyTypedArray<float>(env, property(env, options, "embedding"),
                                          napi_float32_array, "embedding");
    job.ids = copyTypedArray<int32_t>(env, property(env, options, "ids"), napi_int32_array, "ids");
    job.offsets = copyTypedArray<int32_t>(env, property(env, options, "offsets"),
                                          napi_int32_array, "offsets");
    job.vocabularySize = static_cast<int64_t>(job.embedding.size()) / inputs;
    if (job.vocabularySize == 0 || job.embedding.size() % static_cast<size_t>(inputs) != 0) {
      throw ArgumentError("`embedding` must hold vocabularySize * embeddingDim values");
    }
    int32_t previous = 0;
    for (size_t row = 0; row < job.offsets.size(); ++row) {
      const int32_t offset = job.offsets[row];
      if ((row == 0 && offset != 0) || offset < previous ||
          offset > static_cast<int32_t>(job.ids.size())) {
        throw ArgumentError("`offsets` must start at 0, not decrease and stay within `ids`");
      }
      previous = offset;
    }
    for (int32_t id : job.ids) {
      if (id < 0 || id >= job.vocabularySize) throw ArgumentError("`ids` holds an id out of range");
    }
  } else {
    job.features = copyTypedArray<float>(env, property(env, options, "features"),
                                         napi_float32_array, "features");
  }
  if (hasProperty(env, options, "device")) job.device = text(env, options, "device");
  if (hasProperty(env, options, "checkpointPath")) {
    job.checkpointPath = text(env, options, "checkpointPath");
    job.checkpointEvery = static_cast<int64_t>(number(env, options, "checkpointEvery"));
    if (job.checkpointEvery <= 0 || job.checkpointPath.empty()) {
      throw ArgumentError("`checkpointEvery` must be > 0 and `checkpointPath` non-empty");
    }
  }
  if (hasProperty(env, options, "resumeFrom")) job.resumeFrom = text(env, options, "resumeFrom");
  if (hasProperty(env, options, "fingerprint")) job.fingerprint = text(env, options, "fingerprint");
  if (hasProperty(env, options, "precision")) {
    const std::string precision = text(env, options, "precision");
    if (precision != "fp32" && precision != "bf16") {
      throw ArgumentError("`precision` must be 'fp32' or 'bf16'");
    }
    job.bf16 = precision == "bf16";
  }
  if (hasProperty(env, options, "distributed")) {
    napi_value value = property(env, options, "distributed");
    auto& settings = job.distributed;
    settings.rank = static_cast<int64_t>(number(env, value, "rank"));
    settings.worldSize = static_cast<int64_t>(number(env, value, "worldSize"));
    settings.backend = text(env, value, "backend");
    settings.storeKind = text(env, value, "storeKind");
    settings.timeoutMs = static_cast<int64_t>(number(env, value, "timeoutMs"));
    if (settings.storeKind == "file") {
      settings.storePath = text(env, value, "storePath");
    } else if (settings.storeKind == "tcp") {
      settings.storeHost = text(env, value, "storeHost");
      settings.storePort = static_cast<int64_t>(number(env, value, "storePort"));
    } else {
      throw ArgumentError("`distributed.storeKind` must be 'file' or 'tcp'");
    }
    if (settings.worldSize < 1 || settings.rank < 0 || settings.rank >= settings.worldSize ||
        settings.timeoutMs <= 0 || (settings.backend != "gloo" && settings.backend != "nccl")) {
      throw ArgumentError("`distributed` needs 0 <= rank < worldSize, timeoutMs > 0 and "
                          "backend 'gloo' or 'nccl'");
    }
  }
  job.labels =
      copyTypedArray<int32_t>(env, property(env, options, "labels"), napi_int32_array, "labels");
  job.order =
      copyTypedArray<int32_t>(env, property(env, options, "order"), napi_int32_array, "order");
  job.epochs = static_cast<int64_t>(number(env, options, "epochs"));
  if (hasProperty(env, options, "learningRates")) {
    job.learningRates = copyTypedArray<double>(env, property(env, options, "learningRates"),
                                               napi_float64_array, "learningRates");
    if (job.learningRates.size() != static_cast<size_t>(job.epochs)) {
      throw ArgumentError("`learningRates` must hold one learning rate per epoch");
    }
  }
  job.batchSize = static_cast<int64_t>(number(env, options, "batchSize"));
  job.threads = static_cast<int64_t>(number(env, options, "threads"));
  job.rows = static_cast<int64_t>(job.labels.size());
  const int64_t classes = job.layers.back().outFeatures;
  if (job.text) {
    if (job.rows == 0 || job.offsets.size() != static_cast<size_t>(job.rows)) {
      throw ArgumentError("`offsets` must hold one bag per label and there must be rows");
    }
  } else if (job.rows == 0 || job.features.size() != static_cast<size_t>(job.rows * inputs)) {
    throw ArgumentError("`features` must hold rows * inputs values and there must be rows");
  }
  if (job.epochs < 0 || job.batchSize <= 0) {
    throw ArgumentError("`epochs` must be >= 0 and `batchSize` > 0");
  }
  if (job.order.size() != static_cast<size_t>(job.epochs * job.rows)) {
    throw ArgumentError("`order` must hold epochs * rows row indexes");
  }
  for (int32_t row : job.order) {
    if (row < 0 || row >= job.rows) throw ArgumentError("`order` holds a row index out of range");
  }
  for (int32_t label : job.labels) {
    if (label < 0 || label >= classes) throw ArgumentError("`labels` holds a class out of range");
  }
  napi_value optimizer = property(env, options, "optimizer");
  job.optimizer.kind = text(env, optimizer, "kind");
  job.optimizer.learningRate = number(env, optimizer, "learningRate");
  job.optimizer.momentum = number(env, optimizer, "momentum");
  job.optimizer.weightDecay = number(env, optimizer, "weightDecay");
  job.optimizer.beta1 = number(env, optimizer, "beta1");
  job.optimizer.beta2 = number(env, optimizer, "beta2");
  job.optimizer.epsilon = number(env, optimizer, "epsilon");
}

// trainMlp(job, onEpoch?) → { promise, cancel }: trains on a new thread (not a libuv pool
// thread, which an hour-long job would hold); onEpoch({epoch, loss}) calls all arrive, in
// order, before the promise settles; cancel() stops it at the next batch.
napi_value TrainMlp(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    size_t argc = 2;
    napi_value argv[2];
    check(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr), "arguments");
    if (argc < 1) throw ArgumentError("trainMlp(job, onEpoch?) needs a job object");
    napi_value onEpoch = nullptr;
    if (argc >= 2) {
      napi_valuetype type;
      check(env, napi_typeof(env, argv[1], &type), "onEpoch");
      if (type == napi_function) {
        onEpoch = argv[1];
      } else if (type != napi_undefined) {
        throw ArgumentError("`onEpoch` must be a function");
      }
    }
    auto job = std::make_shared<MlpJob>();
    readMlpJob(env, argv[0], *job);

    napi_value result;
    check(env, napi_create_object(env, &result), "object");
    napi_value promise;
    check(env, napi_create_promise(env, &job->deferred, &promise), "promise");
    setNamed(env, result, "promise", promise);
    auto* flag = new std::shared_ptr<std::atomic<bool>>(job->cancelled);
    napi_value cancel;
    if (napi_create_function(env, "cancel", NAPI_AUTO_LENGTH, Cancel, flag, &cancel) != napi_ok) {
      delete flag;
      throw std::runtime_error("could not create cancel()");
    }
    check(env, napi_add_finalizer(env, cancel, flag, deleteCancelFlag, nullptr, nullptr),
          "finalizer");
    setNamed(env, result, "cancel", cancel);

    napi_value name = newString(env, "train-gpu:trainMlp");
    check(env,
          napi_create_threadsafe_function(env, onEpoch, nullptr, name, 0, 1, nullptr, nullptr,
                                          job.get(), deliverEvent, &job->events),
          "threadsafe function");
    std::thread(runMlp, job).detach();
    return result;
  });
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor descriptors[] = {
      {"version", nullptr, Version, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"trainMlp", nullptr, TrainMlp, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof(descriptors) / sizeof(descriptors[0]), descriptors);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
