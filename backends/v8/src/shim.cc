// The V8 side of burrow-v8: a narrow C ABI over libnode's V8 (Node 18, V8 10.2) and node's
// MultiIsolatePlatform. Built by build.rs into a shared library that src/ffi.rs loads with
// dlopen; every function Rust calls is declared `extern "C"` at the end of this file.
//
// What lives here: process-wide initialization (platform, flags, the wasm trap handler), the
// isolates (created with a private foreground task runner registered with node's platform),
// compilation into a `v8::CompiledWasmModule` shared by every isolate, and one run of a guest:
// instantiate with the host functions bound as native callbacks, call `_start`, classify how it
// ended. Everything that is policy (limits, pools, kills, what an outcome means) is in Rust.
//
// Compiled with -std=c++17 -fno-rtti: libnode is built without RTTI (it exports no typeinfo),
// and its build had pointer compression, 31-bit smis and the sandbox off, so none of
// V8_COMPRESS_POINTERS / V8_31BIT_SMIS_ON_64BIT_ARCH / V8_SANDBOX is defined (the inline
// `v8::V8::Initialize()` checks this against the library and aborts on a mismatch).

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>
#include <string.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "node.h"
#include "v8.h"

namespace v8 {
// Exported by libnode (v8-wasm-trap-handler-posix.h, which libnode-dev does not ship): handles
// a SIGSEGV taken by an out-of-bounds access in wasm code; false if the fault is not one.
V8_EXPORT bool TryHandleWebAssemblyTrapPosix(int sig_code, siginfo_t* info, void* context);
}  // namespace v8

namespace {

// Status codes of burrow_v8_run (mirrored in ffi.rs).
constexpr int32_t kRunReturned = 0;          // `_start` returned.
constexpr int32_t kRunTerminated = 1;        // TerminateExecution stopped the guest.
constexpr int32_t kRunException = 2;         // `_start` threw (a trap): message set.
constexpr int32_t kRunInstantiateFailed = 3; // instantiation failed: message set.
constexpr int32_t kRunNoStart = 4;           // no exported `_start` function.

// Result kinds of host functions (mirrored in ffi.rs).
constexpr uint32_t kResultNone = 0;
constexpr uint32_t kResultI32 = 1;
constexpr uint32_t kResultI64 = 2;

// Most arguments a host function takes (path_open has 9).
constexpr int kMaxArgs = 16;

typedef int32_t (*HostCall)(void* data, uint32_t index, const uint64_t* args, uint32_t nargs, uint8_t* mem,
                            size_t mem_len, uint64_t* result);

node::MultiIsolatePlatform* g_platform = nullptr;
v8::Platform* g_v8_platform = nullptr;
v8::ArrayBuffer::Allocator* g_allocator = nullptr;
HostCall g_host_call = nullptr;
struct sigaction g_previous_segv;
std::mutex g_init_mutex;
bool g_initialized = false;

// The backing stores of one isolate's ArrayBuffers (typed arrays, Buffers), which live outside
// the JS heap, counted against the run's memory limit together with the heap: an allocation
// may take what the limit leaves beyond the heap's size at the last garbage collection, and the
// heap may grow only into what the buffers leave (NearHeapLimit). An allocation past it returns
// null, which V8 answers by collecting garbage and retrying, then with a RangeError ("Array
// buffer allocation failed"), as Node does when memory runs out.
class CountingAllocator final : public v8::ArrayBuffer::Allocator {
 public:
  void* Allocate(size_t length) override { return Take(length) ? Checked(g_allocator->Allocate(length), length) : nullptr; }
  void* AllocateUninitialized(size_t length) override {
    return Take(length) ? Checked(g_allocator->AllocateUninitialized(length), length) : nullptr;
  }
  void Free(void* data, size_t length) override {
    g_allocator->Free(data, length);
    used_.fetch_sub(length);
  }
  // The limit of the next run (SIZE_MAX: none); clears the record of refusals.
  void Arm(size_t limit) {
    limit_.store(limit);
    refused_.store(false);
  }
  // Whether an allocation was refused since the last Arm.
  bool Refused() const { return refused_.load(); }
  // Bytes of live backing stores.
  size_t Used() const { return used_.load(); }
  // The JS heap's size after the latest garbage collection (GcEpilogue).
  void SetHeap(size_t bytes) { heap_.store(bytes); }

 private:
  bool Take(size_t length) {
    // Never refused: what an on-heap typed array (at most V8_TYPED_ARRAY_MAX_SIZE_IN_HEAP, 64
    // bytes) needs when its `buffer` is first asked for (`ta.buffer`, `ArrayBufferView::Buffer`
    // in the natives): V8 moves its data off the heap then and aborts the process if the
    // allocation fails (JSTypedArray::GetBuffer). Still counted: the heap's room shrinks, and
    // each such store comes with objects on the heap, which the limit bounds.
    if (length <= kAlwaysGranted) {
      used_.fetch_add(length);
      return true;
    }
    size_t used = used_.load();
    size_t heap = heap_.load();
    size_t limit = limit_.load();
    limit = limit > heap ? limit - heap : 0;
    do {
      if (length > limit || used > limit - length) {
        refused_.store(true);
        return false;
      }
    } while (!used_.compare_exchange_weak(used, used + length));
    return true;
  }
  void* Checked(void* data, size_t length) {
    if (data == nullptr) used_.fetch_sub(length);
    return data;
  }
  static constexpr size_t kAlwaysGranted = 64;
  std::atomic<size_t> used_{0};
  std::atomic<size_t> heap_{0};
  std::atomic<size_t> limit_{SIZE_MAX};
  std::atomic<bool> refused_{false};
};

void CopyMessage(const std::string& s, char* out, size_t out_len) {
  if (out == nullptr || out_len == 0) return;
  size_t n = std::min(s.size(), out_len - 1);
  memcpy(out, s.data(), n);
  out[n] = '\0';
}

std::string ToStdString(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (value.IsEmpty()) return std::string();
  v8::String::Utf8Value utf8(isolate, value);
  return *utf8 == nullptr ? std::string() : std::string(*utf8, utf8.length());
}

// The text of the exception caught by `tc` (never runs guest code: guests are wasm only).
std::string ExceptionText(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::TryCatch& tc) {
  if (!tc.HasCaught()) return "unknown error";
  v8::TryCatch inner(isolate);
  v8::Local<v8::String> s;
  if (tc.Exception()->ToString(context).ToLocal(&s)) return ToStdString(isolate, s);
  v8::Local<v8::Message> m = tc.Message();
  if (!m.IsEmpty()) return ToStdString(isolate, m->Get());
  return "unknown error";
}

// Foreground tasks of one isolate. V8 posts them from any thread; they run only when the owner
// drains them on the isolate's thread (the compiling isolate does after each compile, a guest
// isolate at the start of each run it serves). Tasks still pending when an isolate is disposed
// of (GC scheduling hints, memory reducer) are dropped with it, as node does when it
// unregisters an isolate.
class ForegroundRunner final : public v8::TaskRunner {
 public:
  void PostTask(std::unique_ptr<v8::Task> task) override { Push(std::move(task), 0); }
  void PostNonNestableTask(std::unique_ptr<v8::Task> task) override { Push(std::move(task), 0); }
  void PostDelayedTask(std::unique_ptr<v8::Task> task, double delay) override { Push(std::move(task), delay); }
  void PostNonNestableDelayedTask(std::unique_ptr<v8::Task> task, double delay) override {
    Push(std::move(task), delay);
  }
  void PostIdleTask(std::unique_ptr<v8::IdleTask>) override {}
  bool IdleTasksEnabled() override { return false; }
  bool NonNestableTasksEnabled() const override { return true; }
  bool NonNestableDelayedTasksEnabled() const override { return true; }

  // Runs the tasks that are due, on the isolate's thread (isolate locked and entered).
  void RunDue() {
    for (;;) {
      std::unique_ptr<v8::Task> task;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        double now = Now();
        auto it = std::find_if(tasks_.begin(), tasks_.end(), [&](const Entry& e) { return e.due <= now; });
        if (it == tasks_.end()) return;
        task = std::move(it->task);
        tasks_.erase(it);
      }
      task->Run();
    }
  }

  // Drops every pending task.
  void Clear() {
    std::deque<Entry> dropped;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      dropped.swap(tasks_);
    }
  }

 private:
  struct Entry {
    double due;
    std::unique_ptr<v8::Task> task;
  };

  static double Now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }

  void Push(std::unique_ptr<v8::Task> task, double delay) {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_.push_back(Entry{Now() + delay, std::move(task)});
  }

  std::mutex mutex_;
  std::deque<Entry> tasks_;
};

class Delegate final : public node::IsolatePlatformDelegate {
 public:
  Delegate() : runner_(std::make_shared<ForegroundRunner>()) {}
  std::shared_ptr<v8::TaskRunner> GetForegroundTaskRunner() override { return runner_; }
  bool IdleTasksEnabled() override { return false; }
  ForegroundRunner& runner() { return *runner_; }

 private:
  std::shared_ptr<ForegroundRunner> runner_;
};

// Set while the calling thread instantiates a guest: jobs V8 posts meanwhile run right there
// instead of on the platform's workers (see BurrowPlatform::PostJob).
thread_local bool t_synchronous_jobs = false;

class SynchronousJobDelegate final : public v8::JobDelegate {
 public:
  bool ShouldYield() override { return false; }
  void NotifyConcurrencyIncrease() override {}
  uint8_t GetTaskId() override { return 0; }
  bool IsJoiningThread() const override { return true; }
};

// A job run to completion by the thread that posts it (and again on every later
// NotifyConcurrencyIncrease, on the notifying thread).
class SynchronousJobHandle final : public v8::JobHandle {
 public:
  explicit SynchronousJobHandle(std::unique_ptr<v8::JobTask> task) : task_(std::move(task)) { Drain(); }
  void NotifyConcurrencyIncrease() override { Drain(); }
  void Join() override {
    Drain();
    task_.reset();
  }
  void Cancel() override { task_.reset(); }
  void CancelAndDetach() override { task_.reset(); }
  bool IsActive() override { return task_ != nullptr && task_->GetMaxConcurrency(0) > 0; }
  bool IsValid() override { return task_ != nullptr; }

 private:
  void Drain() {
    SynchronousJobDelegate delegate;
    while (task_ != nullptr && task_->GetMaxConcurrency(0) > 0) task_->Run(&delegate);
  }

  std::unique_ptr<v8::JobTask> task_;
};

// node's platform, with one change: jobs posted while a guest is being instantiated run
// synchronously. Importing a compiled module into an isolate posts a job for its JS-to-wasm
// export wrappers even when there is nothing to compile (the generic wrapper), and waking a
// worker for it cost ~50 us per exec, and milliseconds when the woken worker was preempted
// on a loaded machine while the guest's thread waited in Join. Everything else (background
// compilation and tier-up, GC tasks) still goes to node's worker threads.
class BurrowPlatform final : public v8::Platform {
 public:
  explicit BurrowPlatform(node::MultiIsolatePlatform* node) : node_(node) {}

  v8::PageAllocator* GetPageAllocator() override { return base()->GetPageAllocator(); }
  v8::ZoneBackingAllocator* GetZoneBackingAllocator() override { return base()->GetZoneBackingAllocator(); }
  void OnCriticalMemoryPressure() override { base()->OnCriticalMemoryPressure(); }
  bool OnCriticalMemoryPressure(size_t length) override { return base()->OnCriticalMemoryPressure(length); }
  int NumberOfWorkerThreads() override { return base()->NumberOfWorkerThreads(); }
  std::shared_ptr<v8::TaskRunner> GetForegroundTaskRunner(v8::Isolate* isolate) override {
    return base()->GetForegroundTaskRunner(isolate);
  }
  void CallOnWorkerThread(std::unique_ptr<v8::Task> task) override { base()->CallOnWorkerThread(std::move(task)); }
  void CallBlockingTaskOnWorkerThread(std::unique_ptr<v8::Task> task) override {
    base()->CallBlockingTaskOnWorkerThread(std::move(task));
  }
  void CallLowPriorityTaskOnWorkerThread(std::unique_ptr<v8::Task> task) override {
    base()->CallLowPriorityTaskOnWorkerThread(std::move(task));
  }
  void CallDelayedOnWorkerThread(std::unique_ptr<v8::Task> task, double delay) override {
    base()->CallDelayedOnWorkerThread(std::move(task), delay);
  }
  bool IdleTasksEnabled(v8::Isolate* isolate) override { return base()->IdleTasksEnabled(isolate); }
  std::unique_ptr<v8::JobHandle> PostJob(v8::TaskPriority priority, std::unique_ptr<v8::JobTask> task) override {
    if (t_synchronous_jobs) return std::make_unique<SynchronousJobHandle>(std::move(task));
    return base()->PostJob(priority, std::move(task));
  }
  double MonotonicallyIncreasingTime() override { return base()->MonotonicallyIncreasingTime(); }
  double CurrentClockTimeMillis() override { return base()->CurrentClockTimeMillis(); }
  StackTracePrinter GetStackTracePrinter() override { return base()->GetStackTracePrinter(); }
  v8::TracingController* GetTracingController() override { return base()->GetTracingController(); }
  void DumpWithoutCrashing() override { base()->DumpWithoutCrashing(); }
  v8::HighAllocationThroughputObserver* GetHighAllocationThroughputObserver() override {
    return base()->GetHighAllocationThroughputObserver();
  }

 private:
  v8::Platform* base() { return node_; }
  node::MultiIsolatePlatform* node_;
};

// Runs jobs posted by the current thread synchronously while alive.
class SynchronousJobsScope {
 public:
  SynchronousJobsScope() : previous_(t_synchronous_jobs) { t_synchronous_jobs = true; }
  ~SynchronousJobsScope() { t_synchronous_jobs = previous_; }

 private:
  bool previous_;
};

// The data segments of a module that imports its memory with them made passive (wasm.rs
// take_image). They are also laid out, page-aligned, in a sealed memory file, which each run
// maps copy-on-write over its new memory (as wasmtime's memory images do): a run then pays
// only for the pages it touches, instead of copying every segment (3.7 MB for coreutils) into
// freshly faulted pages. Where the file cannot be made, runs copy the segments.
struct Image {
  std::vector<std::pair<uint32_t, std::string>> segments;
  int fd = -1;
  size_t map_offset = 0;  // where the file's first byte goes in the memory (page-aligned)
  size_t map_len = 0;     // the file's length (whole pages)

  Image() = default;
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;
  ~Image() {
    if (fd >= 0) close(fd);
  }

  // Makes the memory file from `segments` (later segments over earlier ones, as
  // instantiation writes them). Leaves `fd` at -1 if the system refuses.
  void MakeFile() {
    if (segments.empty()) return;
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_t lo = SIZE_MAX, hi = 0;
    for (const auto& [offset, bytes] : segments) {
      if (bytes.empty()) continue;
      lo = std::min(lo, size_t{offset});
      hi = std::max(hi, size_t{offset} + bytes.size());
    }
    if (lo >= hi) return;
    map_offset = lo / page * page;
    map_len = (hi - map_offset + page - 1) / page * page;
    int f = memfd_create("burrow-wasm-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (f < 0) return;
    bool ok = ftruncate(f, static_cast<off_t>(map_len)) == 0;
    for (const auto& [offset, bytes] : segments) {
      size_t done = 0;
      while (ok && done < bytes.size()) {
        ssize_t n = pwrite(f, bytes.data() + done, bytes.size() - done,
                           static_cast<off_t>(offset - map_offset + done));
        ok = n > 0;
        if (ok) done += static_cast<size_t>(n);
      }
    }
    ok = ok && fcntl(f, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) == 0;
    if (!ok) {
      close(f);
      return;
    }
    fd = f;
  }

  // Maps the file copy-on-write at its place in a memory starting at `base` (at least
  // map_offset + map_len bytes, readable and writable, all zero). False if it could not.
  bool Map(uint8_t* base) const {
    if (fd < 0) return false;
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    if (reinterpret_cast<uintptr_t>(base) % page != 0) return false;
    void* at = base + map_offset;
    // SAFETY of the replacement: the range lies inside the memory's committed pages (wasm.rs
    // checked the segments against its minimum size), which V8 mapped read-write and nothing
    // has touched yet; V8 later unmaps the whole reservation, this mapping with it.
    void* got = mmap(at, map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
    return got == at;
  }
};

// An ES module of a JavaScript run: its URL, what each of its import specifiers was linked to
// (ids into Guest::modules), and, for a synthetic module (a builtin, CommonJS or JSON module
// seen from `import`), its export names and the loader function that returns their values.
struct JsModule {
  v8::Global<v8::Module> module;
  std::string url;
  std::vector<std::pair<std::string, size_t>> links;
  std::vector<std::string> names;
  v8::Global<v8::Function> evaluate;
};

// One isolate with its context: a guest isolate (one run at a time, reused across runs that
// ended on their own), or the compiling isolate.
struct Guest {
  v8::Isolate* isolate = nullptr;
  Delegate delegate;
  v8::Global<v8::Context> context;
  // Its ArrayBuffers' backing stores (outlives the isolate: freed after it is disposed).
  std::unique_ptr<CountingAllocator> allocator = std::make_unique<CountingAllocator>();
  std::atomic<bool> heap_limit_hit{false};
  // The JS heap a run may grow to beyond the size the isolate was made with (0: none), and
  // whether a run grew it (such an isolate is not reused: its heap stays larger).
  size_t run_heap_limit = 0;
  bool heap_raised = false;
  // Per run: the Rust state handed to host calls, and the instance's memory.
  void* data = nullptr;
  v8::Global<v8::WasmMemoryObject> memory;
  v8::Global<v8::ArrayBuffer> buffer;
  uint8_t* buffer_data = nullptr;
  // A linear memory made ahead for the next run (a WebAssembly.Memory with the limits of the
  // last run's module, its pages already faulted in), or, while `prepare_pending`, the limits
  // to make one with. A run of a module with those limits then writes its data segments into
  // memory that is already there instead of faulting in fresh pages, the largest cost of
  // instantiating a big module (a run's own memory cannot be reused: it may have grown, and a
  // memory larger than the module's minimum would let accesses that must trap succeed).
  v8::Global<v8::Object> prepared;
  uint32_t prepared_min = 0;
  uint32_t prepared_max = 0;
  std::shared_ptr<const Image> prepared_image;  // written into `prepared` too, if any
  bool prepare_pending = false;
  // The module object and import object of the last module run here (Compiled::id), reused
  // by its next run: an isolate mostly runs the same program again, and making them costs
  // about as much as instantiating.
  uint64_t cached_id = 0;
  v8::Global<v8::WasmModuleObject> cached_module;
  v8::Global<v8::Object> cached_imports;
  // A JavaScript run's promise-rejection tracker (set by its bootstrap), for the run only.
  v8::Global<v8::Function> reject_handler;
  // A JavaScript run's ES modules, by the ids handed to its loader (`compileModule`,
  // `syntheticModule`), the index from a module's identity hash to those ids, and the loader's
  // hooks for `import()` and `import.meta`: for the run only.
  std::vector<std::unique_ptr<JsModule>> modules;
  std::unordered_multimap<int, size_t> module_ids;
  v8::Global<v8::Function> import_handler;
  v8::Global<v8::Function> meta_handler;
  // The microtask queues of JavaScript runs' contexts, one per run: a context must not outlive
  // its queue, and a run's leftover microtasks must never reach the next run. Freed with the
  // isolate (a reused isolate serves a bounded number of runs).
  std::vector<std::unique_ptr<v8::MicrotaskQueue>> microtask_queues;
  // Whether the isolate serves JavaScript processes (it was made from node's snapshot): it then
  // has no shared context, and the context of its next run is made ahead, off the exec path.
  bool javascript = false;
  v8::Global<v8::Context> next_js_context;

  // The guest's linear memory right now. Fetched on every host call (memory.grow replaces the
  // buffer); the backing store's address is looked up only when the buffer object changed,
  // since `GetBackingStore` on wasm memory takes a process-wide lock.
  void View(uint8_t** ptr, size_t* len) {
    *ptr = nullptr;
    *len = 0;
    if (memory.IsEmpty()) return;
    v8::Local<v8::ArrayBuffer> b = memory.Get(isolate)->Buffer();
    if (buffer.IsEmpty() || buffer.Get(isolate) != b) {
      buffer.Reset(isolate, b);
      std::shared_ptr<v8::BackingStore> store = b->GetBackingStore();
      buffer_data = static_cast<uint8_t*>(store->Data());
    }
    *ptr = buffer_data;
    *len = b->ByteLength();
  }
};

// A compiled module and the host functions its imports bind to.
struct Import {
  std::string module;
  std::string name;
  uint32_t index;
  uint32_t result;
};

struct Compiled {
  uint64_t id;  // unique per process: what an isolate's cached module object refers to
  v8::CompiledWasmModule module;
  std::vector<Import> imports;
  std::shared_ptr<const Image> image;  // null: the segments are active, V8 writes them
  // Whether the module imports its memory as kMemoryImport (rewritten so by wasm.rs), and
  // that memory's limits in pages.
  bool import_memory;
  uint32_t memory_min;
  uint32_t memory_max;
};

// The import a rewritten module's memory becomes (wasm.rs MEMORY_IMPORT).
constexpr const char* kMemoryImportModule = "burrow:v8";
constexpr const char* kMemoryImportName = "memory";

// Memories larger than this (initially) are not made ahead: a large minimum is rare, and most of
// it is never touched.
constexpr size_t kMaxPreparedBytes = 16u << 20;

size_t NearHeapLimit(void* data, size_t current, size_t initial) {
  Guest* g = static_cast<Guest*>(data);
  // What the heap already holds (committed, all spaces). A new limit must lie clearly above
  // it: V8 checks again after this callback and ends the whole process ("Reached heap limit")
  // when the old generation still cannot grow, which a limit raised to just above `current`
  // allowed when the heap had committed past it. Node reads the same statistics here.
  v8::HeapStatistics stats;
  g->isolate->GetHeapStatistics(&stats);
  size_t held = std::max(current, stats.total_heap_size());
  size_t buffers = g->allocator->Used();
  size_t room = g->run_heap_limit > buffers ? g->run_heap_limit - buffers : 0;
  if (room > held + (4u << 20)) {
    // The run may use more than the isolate started with: double the heap, up to what its
    // memory limit leaves beyond its ArrayBuffers.
    g->heap_raised = true;
    return std::min(room, std::max(current * 2, held + (16u << 20)));
  }
  g->heap_limit_hit.store(true);
  g->isolate->TerminateExecution();
  // Room for the termination to unwind; the run then ends and the isolate is disposed.
  return held + std::max<size_t>(initial, 32u << 20);
}

// Tells the ArrayBuffer allocator the heap's size after each collection, so buffers and heap
// share one memory limit.
void GcEpilogue(v8::Isolate* isolate, v8::GCType, v8::GCCallbackFlags, void* data) {
  v8::HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  static_cast<Guest*>(data)->allocator->SetHeap(stats.used_heap_size());
}

// Every native function a context can hold (the snapshot refers to them by index here).
extern const intptr_t kExternalReferences[];

// The ES module hooks every isolate has (defined with the module natives below).
v8::MaybeLocal<v8::Promise> ImportDynamically(v8::Local<v8::Context> context, v8::Local<v8::Data> host_defined_options,
                                              v8::Local<v8::Value> resource_name, v8::Local<v8::String> specifier,
                                              v8::Local<v8::FixedArray> import_assertions);
void InitializeImportMeta(v8::Local<v8::Context> context, v8::Local<v8::Module> module, v8::Local<v8::Object> meta);
void ClearModules(Guest* g);
bool InstallNatives(v8::Local<v8::Context> context);

Guest* NewGuest(size_t heap_limit, const v8::StartupData* snapshot, std::string* error) {
  auto g = std::make_unique<Guest>();
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = g->allocator.get();
  params.external_references = kExternalReferences;
  params.snapshot_blob = const_cast<v8::StartupData*>(snapshot);  // V8 only reads it (10.2 takes it non-const)
  if (heap_limit > 0) params.constraints.ConfigureDefaultsFromHeapSize(0, heap_limit);
  // node's platform must know the isolate before V8 asks for its task runner (during
  // Initialize), hence Allocate / RegisterIsolate / Initialize as node::NewIsolate does.
  v8::Isolate* isolate = v8::Isolate::Allocate();
  if (isolate == nullptr) {
    *error = "cannot allocate an isolate";
    return nullptr;
  }
  g_platform->RegisterIsolate(isolate, &g->delegate);
  v8::Isolate::Initialize(isolate, params);
  g->isolate = isolate;
  {
    v8::Locker locker(isolate);
    v8::Isolate::Scope isolate_scope(isolate);
    isolate->SetData(0, g.get());
    isolate->AddNearHeapLimitCallback(NearHeapLimit, g.get());
    isolate->AddGCEpilogueCallback(GcEpilogue, g.get());
    isolate->SetHostImportModuleDynamicallyCallback(ImportDynamically);
    isolate->SetHostInitializeImportMetaObjectCallback(InitializeImportMeta);
    v8::HandleScope handle_scope(isolate);
    g->javascript = snapshot != nullptr;
    v8::Local<v8::Context> context = g->javascript ? v8::Local<v8::Context>() : v8::Context::New(isolate);
    if (!g->javascript && context.IsEmpty()) {
      *error = "cannot create a context";
      g->delegate.runner().Clear();
      g_platform->UnregisterIsolate(isolate);
      isolate->Dispose();
      return nullptr;
    }
    g->context.Reset(isolate, context);
  }
  return g.release();
}

void DisposeGuest(Guest* g) {
  v8::Isolate* isolate = g->isolate;
  {
    v8::Locker locker(isolate);
    v8::Isolate::Scope isolate_scope(isolate);
    g->buffer.Reset();
    g->memory.Reset();
    g->prepared.Reset();
    g->prepared_image.reset();
    g->cached_module.Reset();
    g->cached_imports.Reset();
    g->reject_handler.Reset();
    ClearModules(g);
    g->next_js_context.Reset();
    g->context.Reset();
  }
  g->delegate.runner().Clear();
  g->microtask_queues.clear();
  // Unregister first: node documents that disposing first opens a window in which a new
  // isolate at the same address cannot be registered.
  g_platform->UnregisterIsolate(isolate);
  isolate->Dispose();
  delete g;
}

// The isolate modules are compiled in: one per process, created on first use, used under its
// v8::Locker (compilations of different modules serialize on it; V8 compiles function bodies on
// the platform's worker threads).
Guest* CompilingIsolate(std::string* error, bool create = true) {
  static std::mutex mutex;
  static Guest* isolate = nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  if (isolate == nullptr && create) isolate = NewGuest(0, nullptr, error);
  return isolate;
}

// A host function, as every import of a guest is bound: converts the wasm arguments (Numbers
// for i32, BigInts for i64), calls Rust with the guest's memory in place, converts the result.
// A non-zero status from Rust means the guest must stop (proc_exit, a kill): the isolate is
// terminated, which no guest code can catch.
void HostCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::HandleScope handle_scope(isolate);
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  uint32_t packed = info.Data().As<v8::Uint32>()->Value();
  uint32_t index = packed & 0xffff;
  uint32_t result_kind = packed >> 16;
  uint64_t args[kMaxArgs] = {0};
  int nargs = std::min(info.Length(), kMaxArgs);
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  for (int i = 0; i < nargs; i++) {
    v8::Local<v8::Value> v = info[i];
    if (v->IsBigInt()) {
      args[i] = v.As<v8::BigInt>()->Uint64Value();
    } else if (v->IsInt32()) {
      args[i] = static_cast<uint32_t>(v.As<v8::Int32>()->Value());
    } else {
      args[i] = static_cast<uint32_t>(v->Int32Value(context).FromMaybe(0));
    }
  }
  uint8_t* mem = nullptr;
  size_t mem_len = 0;
  g->View(&mem, &mem_len);
  uint64_t result = 0;
  int32_t status = g_host_call(g->data, index, args, static_cast<uint32_t>(nargs), mem, mem_len, &result);
  if (status != 0) {
    isolate->TerminateExecution();
    return;
  }
  if (result_kind == kResultI32) {
    info.GetReturnValue().Set(static_cast<int32_t>(static_cast<uint32_t>(result)));
  } else if (result_kind == kResultI64) {
    info.GetReturnValue().Set(v8::BigInt::New(isolate, static_cast<int64_t>(result)));
  }
}

v8::Local<v8::String> Str(v8::Isolate* isolate, const std::string& s) {
  return v8::String::NewFromUtf8(isolate, s.data(), v8::NewStringType::kNormal, static_cast<int>(s.size()))
      .ToLocalChecked();
}

// A new WebAssembly.Memory of `min` to `max` pages (isolate locked, context entered). Empty with
// an exception pending on failure.
v8::MaybeLocal<v8::Object> NewMemory(v8::Isolate* isolate, v8::Local<v8::Context> context, uint32_t min,
                                     uint32_t max) {
  v8::Local<v8::Value> webassembly, ctor;
  v8::Local<v8::Object> descriptor = v8::Object::New(isolate);
  if (!context->Global()->Get(context, Str(isolate, "WebAssembly")).ToLocal(&webassembly) ||
      !webassembly->IsObject() ||
      !webassembly.As<v8::Object>()->Get(context, Str(isolate, "Memory")).ToLocal(&ctor) || !ctor->IsFunction() ||
      !descriptor->Set(context, Str(isolate, "initial"), v8::Integer::NewFromUnsigned(isolate, min)).FromMaybe(false) ||
      !descriptor->Set(context, Str(isolate, "maximum"), v8::Integer::NewFromUnsigned(isolate, max)).FromMaybe(false)) {
    return {};
  }
  v8::Local<v8::Value> argv[1] = {descriptor};
  return ctor.As<v8::Function>()->NewInstance(context, 1, argv);
}

// Puts `image` into `memory`, a new one (which has room for it: wasm.rs checked against the
// minimum): mapped copy-on-write, else copied.
void WriteImage(v8::Local<v8::Object> memory, const Image* image) {
  if (image == nullptr) return;
  v8::Local<v8::ArrayBuffer> buffer = memory.As<v8::WasmMemoryObject>()->Buffer();
  uint8_t* base = static_cast<uint8_t*>(buffer->GetBackingStore()->Data());
  if (image->Map(base)) return;
  for (const auto& [offset, bytes] : image->segments) memcpy(base + offset, bytes.data(), bytes.size());
}

// Makes the memory the next run is expected to need, if one is pending (isolate locked, context
// entered), with its pages touched so that the kernel maps them now.
void Prepare(Guest* g, v8::Local<v8::Context> context) {
  if (!g->prepare_pending) return;
  g->prepare_pending = false;
  if (size_t{g->prepared_min} * 65536 > kMaxPreparedBytes) return;
  v8::TryCatch tc(g->isolate);
  v8::Local<v8::Object> memory;
  if (!NewMemory(g->isolate, context, g->prepared_min, g->prepared_max).ToLocal(&memory)) return;
  v8::Local<v8::ArrayBuffer> buffer = memory.As<v8::WasmMemoryObject>()->Buffer();
  memset(buffer->GetBackingStore()->Data(), 0, buffer->ByteLength());
  WriteImage(memory, g->prepared_image.get());
  g->prepared.Reset(g->isolate, memory);
}

// The memory for a run of `compiled`: the prepared one if its limits are the module's, else a
// new one. Empty with an exception pending on failure.
v8::MaybeLocal<v8::Object> RunMemory(Guest* g, v8::Local<v8::Context> context, const Compiled* compiled) {
  v8::Isolate* isolate = g->isolate;
  bool fits = !g->prepared.IsEmpty() && g->prepared_min == compiled->memory_min &&
              g->prepared_max == compiled->memory_max && g->prepared_image == compiled->image;
  v8::Local<v8::Object> prepared = fits ? g->prepared.Get(isolate) : v8::Local<v8::Object>();
  g->prepared.Reset();
  g->prepared_image.reset();
  g->prepare_pending = false;
  if (fits) return prepared;
  v8::Local<v8::Object> memory;
  if (!NewMemory(isolate, context, compiled->memory_min, compiled->memory_max).ToLocal(&memory)) return {};
  WriteImage(memory, compiled->image.get());
  return memory;
}

// Chains SIGSEGV: faults in wasm code (out-of-bounds accesses caught by guard regions) go to
// V8's trap handler, everything else to whichever handler was installed before (wasmtime's, or
// Rust's stack-overflow handler). V8's own handler is not used: on a fault it does not
// recognize it uninstalls itself, which would break V8 for the rest of the process whenever
// another engine (wasmtime) takes a fault first.
void SegvHandler(int sig, siginfo_t* info, void* ucontext) {
  if (v8::TryHandleWebAssemblyTrapPosix(sig, info, ucontext)) return;
  const struct sigaction& prev = g_previous_segv;
  if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction != nullptr) {
      prev.sa_sigaction(sig, info, ucontext);
      return;
    }
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    prev.sa_handler(sig);
    return;
  }
  // Default action: restore it and let the faulting instruction run again.
  signal(sig, SIG_DFL);
}

bool InstallSegvHandler() {
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = SegvHandler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  return sigaction(SIGSEGV, &sa, &g_previous_segv) == 0;
}


// ---- JavaScript guests -------------------------------------------------------------------
//
// A JavaScript process runs in a fresh context of a pooled isolate. The context gets one
// object, `__burrow`, of native functions, then runs the builtin `internal/bootstrap` (from the
// table Rust registered), which takes `__burrow` off the global object and does the rest:
// process, console, timers, module loading and the event loop, until the process ends. Every
// kernel call is `__burrow.op(code, a, b, c, buf)`, answered by Rust (burrow-node's ops) with
// the buffer's bytes in place.

typedef int32_t (*JsOp)(void* data, uint32_t code, double a, double b, double c, uint8_t* buf, size_t len,
                        double* result);

JsOp g_js_op = nullptr;

struct Builtin {
  const char* source;
  size_t len;
  bool one_byte;  // ASCII: exposed as an external string, without a copy
};
std::vector<std::pair<std::string, Builtin>> g_builtins;  // sorted by name; set once

// A builtin's source, owned by Rust for the life of the process.
class StaticSource final : public v8::String::ExternalOneByteStringResource {
 public:
  StaticSource(const char* data, size_t len) : data_(data), len_(len) {}
  const char* data() const override { return data_; }
  size_t length() const override { return len_; }

 private:
  const char* data_;
  size_t len_;
};

const Builtin* FindBuiltin(const std::string& name) {
  auto it = std::lower_bound(g_builtins.begin(), g_builtins.end(), name,
                             [](const std::pair<std::string, Builtin>& e, const std::string& n) { return e.first < n; });
  if (it == g_builtins.end() || it->first != name) return nullptr;
  return &it->second;
}

v8::MaybeLocal<v8::String> BuiltinSource(v8::Isolate* isolate, const Builtin* b) {
  if (b->one_byte) return v8::String::NewExternalOneByte(isolate, new StaticSource(b->source, b->len));
  return v8::String::NewFromUtf8(isolate, b->source, v8::NewStringType::kNormal, static_cast<int>(b->len));
}

void ThrowTypeError(v8::Isolate* isolate, const char* message) {
  // A termination in progress must go on: an exception thrown now would replace it.
  if (isolate->IsExecutionTerminating()) return;
  isolate->ThrowException(v8::Exception::TypeError(Str(isolate, message)));
}

void ThrowRangeError(v8::Isolate* isolate, const char* message) {
  if (isolate->IsExecutionTerminating()) return;
  isolate->ThrowException(v8::Exception::RangeError(Str(isolate, message)));
}

// A string from `s`, or empty when V8 cannot make one (longer than String::kMaxLength).
v8::MaybeLocal<v8::String> MaybeStr(v8::Isolate* isolate, const std::string& s) {
  if (s.size() > static_cast<size_t>(v8::String::kMaxLength)) return {};
  return v8::String::NewFromUtf8(isolate, s.data(), v8::NewStringType::kNormal, static_cast<int>(s.size()));
}

// An index argument clamped to [0, len]: NaN and negatives are 0, anything past `len`
// (Infinity, 1e300: a cast of those to size_t is undefined) is `len`.
size_t ClampIndex(double value, size_t len) {
  if (!(value > 0)) return 0;
  if (value >= static_cast<double>(len)) return len;
  return static_cast<size_t>(value);
}

// The bytes of an ArrayBufferView argument (empty for anything else).
void ViewBytes(v8::Local<v8::Value> value, uint8_t** ptr, size_t* len) {
  *ptr = nullptr;
  *len = 0;
  if (!value->IsArrayBufferView()) return;
  v8::Local<v8::ArrayBufferView> view = value.As<v8::ArrayBufferView>();
  size_t n = view->ByteLength();
  if (n == 0) return;
  v8::Local<v8::ArrayBuffer> buffer = view->Buffer();
  *ptr = static_cast<uint8_t*>(buffer->Data()) + view->ByteOffset();
  *len = n;
}

// The private key of a syntax error's source arrow (Node's "file:line / source line / ^^^").
v8::Local<v8::Private> ArrowKey(v8::Isolate* isolate) {
  return v8::Private::ForApi(isolate, Str(isolate, "burrow:arrow"));
}

// Where `message` points, as Node prints it above an uncaught error: "file:line", the source
// line, carets under the place. Empty when the message has no source.
std::string ArrowOf(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::Local<v8::Message> message) {
  v8::Local<v8::String> line;
  if (message.IsEmpty() || !message->GetSourceLine(context).ToLocal(&line)) return std::string();
  int start = std::max(0, message->GetStartColumn(context).FromMaybe(0));
  int end = std::max(start + 1, message->GetEndColumn(context).FromMaybe(start + 1));
  return ToStdString(isolate, message->GetScriptResourceName()) + ":" +
         std::to_string(message->GetLineNumber(context).FromMaybe(0)) + "\n" + ToStdString(isolate, line) + "\n" +
         std::string(static_cast<size_t>(start), ' ') + std::string(static_cast<size_t>(end - start), '^') + "\n";
}

// Rethrows the exception `tc` caught while compiling, with the place it points to recorded on
// it (read by `errorArrow`): a syntax error's own stack does not say where in the source it is.
void RethrowWithArrow(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::TryCatch& tc) {
  if (!tc.CanContinue() || tc.HasTerminated()) {
    tc.ReThrow();
    return;
  }
  if (!tc.HasCaught()) {
    // V8 failed without an exception: CompileFunction does for a parameter name that is not
    // an identifier.
    isolate->ThrowException(v8::Exception::SyntaxError(Str(isolate, "invalid source or parameter name")));
    return;
  }
  v8::Local<v8::Value> exception = tc.Exception();
  std::string arrow = ArrowOf(isolate, context, tc.Message());
  v8::Local<v8::String> arrow_string;
  if (exception->IsObject() && !arrow.empty() && MaybeStr(isolate, arrow).ToLocal(&arrow_string) &&
      exception.As<v8::Object>()->SetPrivate(context, ArrowKey(isolate), arrow_string).IsNothing()) {
    return;
  }
  tc.ReThrow();
}

// errorArrow(error) -> the source arrow Node prints above an uncaught error: for a syntax error
// from compileFunction, runScript or compileModule, the place in the source; for another error
// object, where it was made. Undefined when there is none.
void JsErrorArrowCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (info.Length() < 1 || !info[0]->IsObject()) return;
  v8::Local<v8::Value> arrow;
  if (info[0].As<v8::Object>()->GetPrivate(context, ArrowKey(isolate)).ToLocal(&arrow) && arrow->IsString()) {
    return info.GetReturnValue().Set(arrow);
  }
  if (!info[0]->IsNativeError()) return;
  v8::Local<v8::Message> message = v8::Exception::CreateMessage(isolate, info[0]);
  // An error whose `stack` was rewritten keeps no place of its own: V8 then answers the place of
  // this call, which is not where the error came from.
  v8::Local<v8::StackTrace> here = v8::StackTrace::CurrentStackTrace(isolate, 1);
  if (here->GetFrameCount() > 0) {
    v8::Local<v8::StackFrame> frame = here->GetFrame(isolate, 0);
    if (frame->GetScriptId() == message->GetScriptOrigin().ScriptId() &&
        frame->GetLineNumber() == message->GetLineNumber(context).FromMaybe(-1)) {
      return;
    }
  }
  std::string made = ArrowOf(isolate, context, message);
  v8::Local<v8::String> made_string;
  if (!made.empty() && MaybeStr(isolate, made).ToLocal(&made_string)) info.GetReturnValue().Set(made_string);
}

// op(code, a, b, c, buf) -> number. A non-zero status from Rust means the process must stop
// (exit, a kill): the isolate is terminated, which no guest code can catch.
void JsOpCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  if (g == nullptr || g->data == nullptr) return ThrowTypeError(isolate, "op: no process (the startup snapshot runs no ops)");
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  uint32_t code = 0;
  if (info.Length() < 1) return ThrowTypeError(isolate, "op: bad code");
  {
    // Converting the code may run guest code (valueOf): what it throws goes on as it is.
    v8::TryCatch tc(isolate);
    if (!info[0]->Uint32Value(context).To(&code)) {
      if (tc.HasCaught() || tc.HasTerminated()) {
        tc.ReThrow();
        return;
      }
      return ThrowTypeError(isolate, "op: bad code");
    }
  }
  double args[3] = {0, 0, 0};
  for (int i = 0; i < 3; i++) {
    if (info.Length() > i + 1 && info[i + 1]->IsNumber()) args[i] = info[i + 1].As<v8::Number>()->Value();
  }
  uint8_t* buf = nullptr;
  size_t len = 0;
  if (info.Length() > 4) ViewBytes(info[4], &buf, &len);
  double result = 0;
  if (g_js_op(g->data, code, args[0], args[1], args[2], buf, len, &result) != 0) {
    isolate->TerminateExecution();
    return;
  }
  info.GetReturnValue().Set(result);
}

// builtin(name) -> the builtin's source, or undefined.
void JsBuiltinCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (info.Length() < 1 || !info[0]->IsString()) return;
  const Builtin* b = FindBuiltin(ToStdString(isolate, info[0]));
  v8::Local<v8::String> source;
  if (b != nullptr && BuiltinSource(isolate, b).ToLocal(&source)) info.GetReturnValue().Set(source);
}

// compileFunction(source, filename, params) -> a function whose body is `source` (line and
// column numbers in stack traces are those of the file).
void JsCompileCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (info.Length() < 3 || !info[0]->IsString() || !info[1]->IsString() || !info[2]->IsArray()) {
    return ThrowTypeError(isolate, "compileFunction(source, filename, params)");
  }
  v8::Local<v8::Array> list = info[2].As<v8::Array>();
  std::vector<v8::Local<v8::String>> params;
  for (uint32_t i = 0; i < list->Length(); i++) {
    v8::Local<v8::Value> p;
    if (!list->Get(context, i).ToLocal(&p) || !p->IsString()) return ThrowTypeError(isolate, "params must be strings");
    params.push_back(p.As<v8::String>());
  }
  v8::ScriptOrigin origin(isolate, info[1]);
  v8::ScriptCompiler::Source source(info[0].As<v8::String>(), origin);
  v8::Local<v8::Function> fn;
  v8::TryCatch tc(isolate);
  if (v8::ScriptCompiler::CompileFunction(context, &source, params.size(), params.data(), 0, nullptr).ToLocal(&fn)) {
    info.GetReturnValue().Set(fn);
  } else {
    RethrowWithArrow(isolate, context, tc);
  }
}

// runScript(source, filename) -> the script's completion value (`node -e`, `node -p`).
void JsRunScriptCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (info.Length() < 2 || !info[0]->IsString() || !info[1]->IsString()) {
    return ThrowTypeError(isolate, "runScript(source, filename)");
  }
  v8::ScriptOrigin origin(isolate, info[1]);
  v8::Local<v8::Script> script;
  v8::Local<v8::Value> result;
  {
    v8::TryCatch tc(isolate);
    if (!v8::Script::Compile(context, info[0].As<v8::String>(), &origin).ToLocal(&script)) {
      return RethrowWithArrow(isolate, context, tc);
    }
  }
  if (script->Run(context).ToLocal(&result)) info.GetReturnValue().Set(result);
}

// runMicrotasks(): runs every queued microtask (the bootstrap's loop calls it after each
// callback and nextTick batch, as node does).
void JsRunMicrotasksCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::MicrotaskQueue* queue = isolate->GetCurrentContext()->GetMicrotaskQueue();
  if (queue != nullptr) {
    queue->PerformCheckpoint(isolate);
  } else {
    isolate->PerformMicrotaskCheckpoint();
  }
}

// setRejectHandler(fn): fn(kind, promise, reason) for kind 0 (rejected with no handler) and 1
// (a handler was added later).
void JsSetRejectHandlerCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  if (g == nullptr) return ThrowTypeError(isolate, "setRejectHandler: no process");
  if (info.Length() < 1 || !info[0]->IsFunction()) return ThrowTypeError(isolate, "setRejectHandler(fn)");
  g->reject_handler.Reset(isolate, info[0].As<v8::Function>());
}

void PromiseRejected(v8::PromiseRejectMessage message) {
  v8::Local<v8::Promise> promise = message.GetPromise();
  v8::Isolate* isolate = promise->GetIsolate();
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  if (g == nullptr || g->reject_handler.IsEmpty()) return;
  int kind;
  switch (message.GetEvent()) {
    case v8::kPromiseRejectWithNoHandler:
      kind = 0;
      break;
    case v8::kPromiseHandlerAddedAfterReject:
      kind = 1;
      break;
    default:
      return;
  }
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Value> reason = message.GetValue();
  if (reason.IsEmpty()) reason = v8::Undefined(isolate);
  v8::Local<v8::Value> argv[3] = {v8::Integer::New(isolate, kind), promise, reason};
  v8::Local<v8::Value> ignored;
  if (!g->reject_handler.Get(isolate)->Call(context, v8::Undefined(isolate), 3, argv).ToLocal(&ignored)) return;
}

// utf8Decode(view, start, end) -> string (each maximal invalid subpart becomes U+FFFD).
void JsUtf8DecodeCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (info.Length() < 1 || !info[0]->IsArrayBufferView()) return ThrowTypeError(isolate, "utf8Decode(view)");
  uint8_t* ptr;
  size_t len;
  ViewBytes(info[0], &ptr, &len);
  size_t start = 0, end = len;
  if (info.Length() > 1 && info[1]->IsNumber()) start = ClampIndex(info[1].As<v8::Number>()->Value(), len);
  if (info.Length() > 2 && info[2]->IsNumber()) end = ClampIndex(info[2].As<v8::Number>()->Value(), len);
  start = std::min(start, end);
  ptr += start;
  len = end - start;
  if (len > static_cast<size_t>(v8::String::kMaxLength)) return ThrowRangeError(isolate, "string too long");
  v8::Local<v8::String> s;
  if (v8::String::NewFromUtf8(isolate, reinterpret_cast<const char*>(ptr), v8::NewStringType::kNormal,
                              static_cast<int>(len))
          .ToLocal(&s)) {
    info.GetReturnValue().Set(s);
  }
}

void FreeCounted(void* data, size_t length, void* allocator) {
  static_cast<CountingAllocator*>(allocator)->Free(data, length);
}

// A new ArrayBuffer of `len` bytes (uninitialized), its store taken from the run's allocator
// like any the guest makes: when that refuses, empty with a RangeError thrown, as `new
// ArrayBuffer(len)` does (v8::ArrayBuffer::New and NewBackingStore abort the process instead).
// No garbage collection is forced first: past the heap limit (a huge string just flattened),
// V8 aborts the process in a collection that frees too little.
v8::MaybeLocal<v8::ArrayBuffer> NewBuffer(v8::Isolate* isolate, size_t len) {
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  if (len == 0 || g == nullptr) return v8::ArrayBuffer::New(isolate, len);  // no store, or no limit (the snapshot)
  if (isolate->IsExecutionTerminating()) return {};
  CountingAllocator* allocator = g->allocator.get();
  void* data = allocator->AllocateUninitialized(len);
  if (data == nullptr) {
    ThrowRangeError(isolate, "Array buffer allocation failed");
    return {};
  }
  std::shared_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(data, len, FreeCounted, allocator);
  return v8::ArrayBuffer::New(isolate, std::move(store));
}

// utf8Encode(string) -> Uint8Array (lone surrogates become U+FFFD).
void JsUtf8EncodeCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (info.Length() < 1 || !info[0]->IsString()) return ThrowTypeError(isolate, "utf8Encode(string)");
  v8::Local<v8::String> s = info[0].As<v8::String>();
  int len = s->Utf8Length(isolate);  // flattens the string (which may reach the heap limit)
  v8::Local<v8::ArrayBuffer> buffer;
  if (!NewBuffer(isolate, static_cast<size_t>(len)).ToLocal(&buffer)) return;
  if (len > 0) {
    s->WriteUtf8(isolate, static_cast<char*>(buffer->Data()), len, nullptr,
                 v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
  }
  info.GetReturnValue().Set(v8::Uint8Array::New(buffer, 0, static_cast<size_t>(len)));
}

// utf8ByteLength(string) -> bytes its UTF-8 encoding takes (lone surrogates as U+FFFD).
void JsUtf8ByteLengthCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (info.Length() < 1 || !info[0]->IsString()) return ThrowTypeError(isolate, "utf8ByteLength(string)");
  info.GetReturnValue().Set(info[0].As<v8::String>()->Utf8Length(isolate));
}

// ---- what util.inspect and process.memoryUsage read from V8 (as node's internalBinding) ----

// getPromiseDetails(promise) -> [0] (pending) or [1 fulfilled | 2 rejected, result].
void JsGetPromiseDetailsCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (info.Length() < 1 || !info[0]->IsPromise()) return;
  v8::Local<v8::Promise> promise = info[0].As<v8::Promise>();
  v8::Promise::PromiseState state = promise->State();
  int code = state == v8::Promise::kPending ? 0 : state == v8::Promise::kFulfilled ? 1 : 2;
  v8::Local<v8::Value> details[2] = {v8::Integer::New(isolate, code), v8::Undefined(isolate)};
  if (code != 0) details[1] = promise->Result();
  info.GetReturnValue().Set(v8::Array::New(isolate, details, code == 0 ? 1 : 2));
}

// getProxyDetails(value, full) -> undefined for a non-proxy; else [target, handler] when `full`,
// or the target.
void JsGetProxyDetailsCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (info.Length() < 1 || !info[0]->IsProxy()) return;
  v8::Local<v8::Proxy> proxy = info[0].As<v8::Proxy>();
  if (info.Length() > 1 && info[1]->BooleanValue(isolate)) {
    v8::Local<v8::Value> details[2] = {proxy->GetTarget(), proxy->GetHandler()};
    info.GetReturnValue().Set(v8::Array::New(isolate, details, 2));
  } else {
    info.GetReturnValue().Set(proxy->GetTarget());
  }
}

// previewEntries(object) -> the entries of a Map, Set, WeakMap, WeakSet or their iterator
// (without consuming it); previewEntries(object, true) -> [entries, whether key-value pairs].
void JsPreviewEntriesCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (info.Length() < 1 || !info[0]->IsObject()) return;
  bool is_key_value = false;
  v8::Local<v8::Array> entries;
  if (!info[0].As<v8::Object>()->PreviewEntries(&is_key_value).ToLocal(&entries)) return;
  if (info.Length() == 1) return info.GetReturnValue().Set(entries);
  v8::Local<v8::Value> result[2] = {entries, v8::Boolean::New(isolate, is_key_value)};
  info.GetReturnValue().Set(v8::Array::New(isolate, result, 2));
}

// heapStatistics() -> [heap total, heap used, external memory, heap physical size] in bytes.
void JsHeapStatisticsCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  v8::Local<v8::Value> values[4] = {
      v8::Number::New(isolate, static_cast<double>(stats.total_heap_size())),
      v8::Number::New(isolate, static_cast<double>(stats.used_heap_size())),
      v8::Number::New(isolate, static_cast<double>(stats.external_memory())),
      v8::Number::New(isolate, static_cast<double>(stats.total_physical_size())),
  };
  info.GetReturnValue().Set(v8::Array::New(isolate, values, 4));
}

// ---- ES modules: V8 compiles, links and evaluates; the JavaScript loader resolves ----

// The run's module with JavaScript id `value`, or null (with a TypeError thrown).
JsModule* ModuleById(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  if (g != nullptr && value->IsUint32()) {
    uint32_t id = value.As<v8::Uint32>()->Value();
    if (id < g->modules.size()) return g->modules[id].get();
  }
  ThrowTypeError(isolate, "not a module id of this process");
  return nullptr;
}

// The run's record of `module`, or null when the run did not make it.
JsModule* FindModule(v8::Isolate* isolate, v8::Local<v8::Module> module) {
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  if (g == nullptr) return nullptr;
  auto range = g->module_ids.equal_range(module->GetIdentityHash());
  for (auto it = range.first; it != range.second; ++it) {
    JsModule* m = g->modules[it->second].get();
    if (m->module.Get(isolate) == module) return m;
  }
  return nullptr;
}

// Records `module` for the run; its id for JavaScript.
size_t AddModule(Guest* g, v8::Local<v8::Module> module, const std::string& url) {
  auto m = std::make_unique<JsModule>();
  m->module.Reset(g->isolate, module);
  m->url = url;
  size_t id = g->modules.size();
  g->modules.push_back(std::move(m));
  g->module_ids.emplace(module->GetIdentityHash(), id);
  return id;
}

// compileModule(source, url) -> id of the compiled module (a SyntaxError is thrown as is).
void JsCompileModuleCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  if (g == nullptr || info.Length() < 2 || !info[0]->IsString() || !info[1]->IsString()) {
    return ThrowTypeError(isolate, "compileModule(source, url)");
  }
  v8::ScriptOrigin origin(isolate, info[1], 0, 0, false, -1, v8::Local<v8::Value>(), false, false, true);
  v8::ScriptCompiler::Source source(info[0].As<v8::String>(), origin);
  v8::Local<v8::Module> module;
  v8::TryCatch tc(isolate);
  if (!v8::ScriptCompiler::CompileModule(isolate, &source).ToLocal(&module)) {
    return RethrowWithArrow(isolate, isolate->GetCurrentContext(), tc);
  }
  info.GetReturnValue().Set(static_cast<uint32_t>(AddModule(g, module, ToStdString(isolate, info[1]))));
}

// moduleRequests(id) -> the specifiers a compiled module imports, in source order.
void JsModuleRequestsCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  JsModule* m = ModuleById(isolate, info.Length() > 0 ? info[0] : v8::Undefined(isolate).As<v8::Value>());
  if (m == nullptr) return;
  v8::Local<v8::FixedArray> requests = m->module.Get(isolate)->GetModuleRequests();
  v8::Local<v8::Array> out = v8::Array::New(isolate, requests->Length());
  for (int i = 0; i < requests->Length(); i++) {
    v8::Local<v8::ModuleRequest> request = requests->Get(context, i).As<v8::ModuleRequest>();
    if (!out->Set(context, i, request->GetSpecifier()).FromMaybe(false)) return;
  }
  info.GetReturnValue().Set(out);
}

// Evaluation of a synthetic module: the loader's function gives the values of its exports.
v8::MaybeLocal<v8::Value> EvaluateSynthetic(v8::Local<v8::Context> context, v8::Local<v8::Module> module) {
  v8::Isolate* isolate = context->GetIsolate();
  JsModule* m = FindModule(isolate, module);
  if (m == nullptr || m->evaluate.IsEmpty()) {
    ThrowTypeError(isolate, "a synthetic module of another process");
    return {};
  }
  v8::Local<v8::Value> values;
  if (!m->evaluate.Get(isolate)->Call(context, v8::Undefined(isolate), 0, nullptr).ToLocal(&values)) return {};
  if (!values->IsObject()) {
    ThrowTypeError(isolate, "a synthetic module's evaluation gave no exports object");
    return {};
  }
  for (const std::string& name : m->names) {
    v8::Local<v8::String> key = Str(isolate, name);
    v8::Local<v8::Value> value;
    if (!values.As<v8::Object>()->Get(context, key).ToLocal(&value) ||
        module->SetSyntheticModuleExport(isolate, key, value).IsNothing()) {
      return {};
    }
  }
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver) ||
      resolver->Resolve(context, v8::Undefined(isolate)).IsNothing()) {
    return {};
  }
  return resolver->GetPromise();
}

// syntheticModule(url, names, evaluate) -> id of a module exporting `names`, whose values
// `evaluate()` returns (as an object) when the module is evaluated.
void JsSyntheticModuleCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  if (g == nullptr || info.Length() < 3 || !info[0]->IsString() || !info[1]->IsArray() || !info[2]->IsFunction()) {
    return ThrowTypeError(isolate, "syntheticModule(url, names, evaluate)");
  }
  v8::Local<v8::Array> list = info[1].As<v8::Array>();
  std::vector<v8::Local<v8::String>> names;
  std::vector<std::string> copies;
  for (uint32_t i = 0; i < list->Length(); i++) {
    v8::Local<v8::Value> name;
    if (!list->Get(context, i).ToLocal(&name) || !name->IsString()) return ThrowTypeError(isolate, "export names must be strings");
    std::string copy = ToStdString(isolate, name);
    if (std::find(copies.begin(), copies.end(), copy) != copies.end()) continue;
    names.push_back(name.As<v8::String>());
    copies.push_back(std::move(copy));
  }
  v8::Local<v8::Module> module =
      v8::Module::CreateSyntheticModule(isolate, info[0].As<v8::String>(), names, EvaluateSynthetic);
  size_t id = AddModule(g, module, ToStdString(isolate, info[0]));
  g->modules[id]->names = std::move(copies);
  g->modules[id]->evaluate.Reset(isolate, info[2].As<v8::Function>());
  info.GetReturnValue().Set(static_cast<uint32_t>(id));
}

// linkModule(id, specifiers, ids): what each import specifier of module `id` resolved to.
void JsLinkModuleCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (info.Length() < 3 || !info[1]->IsArray() || !info[2]->IsArray()) {
    return ThrowTypeError(isolate, "linkModule(id, specifiers, ids)");
  }
  JsModule* m = ModuleById(isolate, info[0]);
  if (m == nullptr) return;
  v8::Local<v8::Array> specifiers = info[1].As<v8::Array>();
  v8::Local<v8::Array> ids = info[2].As<v8::Array>();
  if (specifiers->Length() != ids->Length()) return ThrowTypeError(isolate, "linkModule: one id per specifier");
  m->links.clear();
  for (uint32_t i = 0; i < specifiers->Length(); i++) {
    v8::Local<v8::Value> specifier, id;
    if (!specifiers->Get(context, i).ToLocal(&specifier) || !ids->Get(context, i).ToLocal(&id)) return;
    if (!specifier->IsString()) return ThrowTypeError(isolate, "linkModule: specifiers must be strings");
    if (ModuleById(isolate, id) == nullptr) return;
    m->links.emplace_back(ToStdString(isolate, specifier), id.As<v8::Uint32>()->Value());
  }
}

// Instantiation's resolver: the module the loader linked `specifier` of `referrer` to.
v8::MaybeLocal<v8::Module> ResolveModule(v8::Local<v8::Context> context, v8::Local<v8::String> specifier,
                                         v8::Local<v8::FixedArray> import_assertions, v8::Local<v8::Module> referrer) {
  v8::Isolate* isolate = context->GetIsolate();
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  JsModule* from = FindModule(isolate, referrer);
  std::string name = ToStdString(isolate, specifier);
  if (from != nullptr) {
    for (const auto& link : from->links) {
      if (link.first == name) return g->modules[link.second]->module.Get(isolate);
    }
  }
  isolate->ThrowException(v8::Exception::Error(Str(isolate, "Cannot find module '" + name + "': it was not linked")));
  return {};
}

// instantiateModule(id): links module `id` and everything it imports (throws a SyntaxError for
// a missing export).
void JsInstantiateModuleCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  JsModule* m = ModuleById(isolate, info.Length() > 0 ? info[0] : v8::Undefined(isolate).As<v8::Value>());
  if (m == nullptr) return;
  bool ok;
  if (m->module.Get(isolate)->InstantiateModule(isolate->GetCurrentContext(), ResolveModule).To(&ok)) {
    info.GetReturnValue().Set(ok);
  }
}

// evaluateModule(id) -> the promise of the module's evaluation (settled unless it awaits).
void JsEvaluateModuleCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  JsModule* m = ModuleById(isolate, info.Length() > 0 ? info[0] : v8::Undefined(isolate).As<v8::Value>());
  if (m == nullptr) return;
  v8::Local<v8::Module> module = m->module.Get(isolate);
  // V8 aborts the process on evaluating a module that is not instantiated (an API check).
  if (module->GetStatus() < v8::Module::kInstantiated) return ThrowTypeError(isolate, "the module is not instantiated");
  v8::Local<v8::Value> result;
  if (module->Evaluate(isolate->GetCurrentContext()).ToLocal(&result)) {
    info.GetReturnValue().Set(result);
  }
}

// moduleNamespace(id) -> the namespace object of an instantiated module.
void JsModuleNamespaceCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  JsModule* m = ModuleById(isolate, info.Length() > 0 ? info[0] : v8::Undefined(isolate).As<v8::Value>());
  if (m == nullptr) return;
  v8::Local<v8::Module> module = m->module.Get(isolate);
  if (module->GetStatus() < v8::Module::kInstantiated) return ThrowTypeError(isolate, "the module is not instantiated");
  info.GetReturnValue().Set(module->GetModuleNamespace());
}

// setModuleHooks(importFn, metaFn): `import(specifier)` calls importFn(specifier, referrer name)
// for a promise; a module's first `import.meta` calls metaFn(meta, url).
void JsSetModuleHooksCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  if (g == nullptr) return ThrowTypeError(isolate, "setModuleHooks: no process");
  if (info.Length() < 2 || !info[0]->IsFunction() || !info[1]->IsFunction()) {
    return ThrowTypeError(isolate, "setModuleHooks(importFn, metaFn)");
  }
  g->import_handler.Reset(isolate, info[0].As<v8::Function>());
  g->meta_handler.Reset(isolate, info[1].As<v8::Function>());
}

v8::MaybeLocal<v8::Promise> ImportDynamically(v8::Local<v8::Context> context, v8::Local<v8::Data> host_defined_options,
                                              v8::Local<v8::Value> resource_name, v8::Local<v8::String> specifier,
                                              v8::Local<v8::FixedArray> import_assertions) {
  v8::Isolate* isolate = context->GetIsolate();
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  v8::Local<v8::Value> result;
  if (g != nullptr && !g->import_handler.IsEmpty()) {
    v8::Local<v8::Value> argv[2] = {specifier, resource_name.IsEmpty() ? v8::Undefined(isolate).As<v8::Value>() : resource_name};
    if (!g->import_handler.Get(isolate)->Call(context, v8::Undefined(isolate), 2, argv).ToLocal(&result)) return {};
    if (result->IsPromise()) return result.As<v8::Promise>();
  }
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(context).ToLocal(&resolver)) return {};
  bool done;
  if (result.IsEmpty()) {
    done = resolver->Reject(context, v8::Exception::Error(Str(isolate, "import() is not available here"))).To(&done);
  } else {
    done = resolver->Resolve(context, result).To(&done);
  }
  if (!done) return {};
  return resolver->GetPromise();
}

void InitializeImportMeta(v8::Local<v8::Context> context, v8::Local<v8::Module> module, v8::Local<v8::Object> meta) {
  v8::Isolate* isolate = context->GetIsolate();
  Guest* g = static_cast<Guest*>(isolate->GetData(0));
  JsModule* m = FindModule(isolate, module);
  if (g == nullptr || m == nullptr || g->meta_handler.IsEmpty()) return;
  v8::Local<v8::Value> argv[2] = {meta, Str(isolate, m->url)};
  v8::Local<v8::Value> ignored;
  if (!g->meta_handler.Get(isolate)->Call(context, v8::Undefined(isolate), 2, argv).ToLocal(&ignored)) return;
}

// Forgets a JavaScript run's modules and hooks (at the end of the run).
void ClearModules(Guest* g) {
  g->modules.clear();
  g->module_ids.clear();
  g->import_handler.Reset();
  g->meta_handler.Reset();
}

bool SetFunction(v8::Local<v8::Context> context, v8::Local<v8::Object> target, const char* name,
                 v8::FunctionCallback callback) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Function> fn;
  return v8::Function::New(context, callback, v8::Local<v8::Value>(), 0, v8::ConstructorBehavior::kThrow)
             .ToLocal(&fn) &&
         target->Set(context, Str(isolate, name), fn).FromMaybe(false);
}

const intptr_t kExternalReferences[] = {
    reinterpret_cast<intptr_t>(JsOpCallback),
    reinterpret_cast<intptr_t>(JsBuiltinCallback),
    reinterpret_cast<intptr_t>(JsCompileCallback),
    reinterpret_cast<intptr_t>(JsRunMicrotasksCallback),
    reinterpret_cast<intptr_t>(JsRunScriptCallback),
    reinterpret_cast<intptr_t>(JsSetRejectHandlerCallback),
    reinterpret_cast<intptr_t>(JsUtf8DecodeCallback),
    reinterpret_cast<intptr_t>(JsUtf8EncodeCallback),
    reinterpret_cast<intptr_t>(JsUtf8ByteLengthCallback),
    reinterpret_cast<intptr_t>(JsCompileModuleCallback),
    reinterpret_cast<intptr_t>(JsModuleRequestsCallback),
    reinterpret_cast<intptr_t>(JsSyntheticModuleCallback),
    reinterpret_cast<intptr_t>(JsLinkModuleCallback),
    reinterpret_cast<intptr_t>(JsInstantiateModuleCallback),
    reinterpret_cast<intptr_t>(JsEvaluateModuleCallback),
    reinterpret_cast<intptr_t>(JsModuleNamespaceCallback),
    reinterpret_cast<intptr_t>(JsSetModuleHooksCallback),
    reinterpret_cast<intptr_t>(JsErrorArrowCallback),
    reinterpret_cast<intptr_t>(JsGetPromiseDetailsCallback),
    reinterpret_cast<intptr_t>(JsGetProxyDetailsCallback),
    reinterpret_cast<intptr_t>(JsPreviewEntriesCallback),
    reinterpret_cast<intptr_t>(JsHeapStatisticsCallback),
    reinterpret_cast<intptr_t>(HostCallback),
    0,
};

// A context for a JavaScript run (from node's snapshot, if the isolate was made from it) with
// a microtask queue of its own; empty if V8 could not make one.
v8::Local<v8::Context> NewJsContext(Guest* g) {
  g->microtask_queues.push_back(v8::MicrotaskQueue::New(g->isolate, v8::MicrotasksPolicy::kExplicit));
  return v8::Context::New(g->isolate, nullptr, {}, {}, {}, g->microtask_queues.back().get());
}

// Installs `__burrow` (the natives) in `context` and runs the bootstrap builtin `main` there,
// which leaves `__burrow_start` for each process to call. False with an exception pending.
bool RunBootstrap(v8::Local<v8::Context> context, const Builtin* main, const std::string& name) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::String> source;
  v8::Local<v8::Script> script;
  v8::Local<v8::Value> ignored;
  if (!InstallNatives(context) || !BuiltinSource(isolate, main).ToLocal(&source)) return false;
  v8::ScriptOrigin origin(isolate, Str(isolate, "node:" + name));
  return v8::Script::Compile(context, source, &origin).ToLocal(&script) && script->Run(context).ToLocal(&ignored);
}

// Sets `__burrow`, the natives, on the global object of `context`. False with an exception
// pending.
bool InstallNatives(v8::Local<v8::Context> context) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::Object> natives = v8::Object::New(isolate);
  return SetFunction(context, natives, "op", JsOpCallback) && SetFunction(context, natives, "builtin", JsBuiltinCallback) &&
      SetFunction(context, natives, "compileFunction", JsCompileCallback) &&
      SetFunction(context, natives, "runMicrotasks", JsRunMicrotasksCallback) &&
      SetFunction(context, natives, "runScript", JsRunScriptCallback) &&
      SetFunction(context, natives, "setRejectHandler", JsSetRejectHandlerCallback) &&
      SetFunction(context, natives, "utf8Decode", JsUtf8DecodeCallback) &&
      SetFunction(context, natives, "utf8Encode", JsUtf8EncodeCallback) &&
      SetFunction(context, natives, "utf8ByteLength", JsUtf8ByteLengthCallback) &&
      SetFunction(context, natives, "compileModule", JsCompileModuleCallback) &&
      SetFunction(context, natives, "moduleRequests", JsModuleRequestsCallback) &&
      SetFunction(context, natives, "syntheticModule", JsSyntheticModuleCallback) &&
      SetFunction(context, natives, "linkModule", JsLinkModuleCallback) &&
      SetFunction(context, natives, "instantiateModule", JsInstantiateModuleCallback) &&
      SetFunction(context, natives, "evaluateModule", JsEvaluateModuleCallback) &&
      SetFunction(context, natives, "moduleNamespace", JsModuleNamespaceCallback) &&
      SetFunction(context, natives, "setModuleHooks", JsSetModuleHooksCallback) &&
      SetFunction(context, natives, "errorArrow", JsErrorArrowCallback) &&
      SetFunction(context, natives, "getPromiseDetails", JsGetPromiseDetailsCallback) &&
      SetFunction(context, natives, "getProxyDetails", JsGetProxyDetailsCallback) &&
      SetFunction(context, natives, "previewEntries", JsPreviewEntriesCallback) &&
      SetFunction(context, natives, "heapStatistics", JsHeapStatisticsCallback) &&
      context->Global()->Set(context, Str(isolate, "__burrow"), natives).FromMaybe(false);
}

}  // namespace

extern "C" {

struct burrow_import_t {
  const char* module;
  size_t module_len;
  const char* name;
  size_t name_len;
  uint32_t index;
  uint32_t result;
};

struct burrow_segment_t {
  uint32_t offset;
  const uint8_t* data;
  size_t len;
};

struct burrow_run_info_t {
  size_t memory_len;
  uint8_t heap_limit_hit;
  uint8_t buffers_refused;  // an ArrayBuffer allocation passed the memory limit (JS runs)
};

// The V8 version the library reports.
const char* burrow_v8_version() { return v8::V8::GetVersion(); }

// Initializes V8 for the process (once; later calls return 0 without doing anything).
// Returns 0, or -1 with `err` set.
int32_t burrow_v8_init(const char* flags, int32_t threads, HostCall host_call, char* err, size_t err_len) {
  std::lock_guard<std::mutex> lock(g_init_mutex);
  if (g_initialized) return 0;
  g_host_call = host_call;
  if (flags != nullptr && flags[0] != '\0') v8::V8::SetFlagsFromString(flags);
  g_platform = node::MultiIsolatePlatform::Create(threads).release();  // lives as long as the process
  if (g_platform == nullptr) {
    CopyMessage("cannot create node's platform", err, err_len);
    return -1;
  }
  g_v8_platform = new BurrowPlatform(g_platform);  // lives as long as the process
  v8::V8::InitializePlatform(g_v8_platform);
  if (v8::V8::EnableWebAssemblyTrapHandler(false)) {
    if (!InstallSegvHandler()) {
      CopyMessage("cannot install the SIGSEGV handler for wasm traps", err, err_len);
      return -1;
    }
  }
  if (!v8::V8::Initialize()) {
    CopyMessage("v8::V8::Initialize failed", err, err_len);
    return -1;
  }
  g_allocator = v8::ArrayBuffer::Allocator::NewDefaultAllocator();
  g_initialized = true;
  return 0;
}

// A new isolate (JS heap capped at `heap_limit` bytes if non-zero; started from `snapshot`, a
// burrow_v8_js_snapshot, if not null) with a fresh context, or null with `err` set. Thread-safe; the isolate is not entered on return.
void* burrow_v8_guest_new(size_t heap_limit, const void* snapshot, char* err, size_t err_len) {
  std::string error;
  Guest* g = NewGuest(heap_limit, static_cast<const v8::StartupData*>(snapshot), &error);
  if (g == nullptr) CopyMessage(error, err, err_len);
  return g;
}

// Disposes an isolate made by burrow_v8_guest_new (on any thread; nothing may use it after).
void burrow_v8_guest_dispose(void* guest) { DisposeGuest(static_cast<Guest*>(guest)); }

// Makes what the isolate's next run is expected to need (the memory of the last run's module;
// for a JavaScript isolate, the next context) and runs its due foreground tasks (its part in
// wasm code GCs of the module it keeps cached), on any thread, off the runs' path; the isolate
// must not be in use.
void burrow_v8_guest_prepare(void* guest) {
  Guest* g = static_cast<Guest*>(guest);
  v8::Locker locker(g->isolate);
  v8::Isolate::Scope isolate_scope(g->isolate);
  v8::HandleScope handle_scope(g->isolate);
  if (g->javascript) {
    g->delegate.runner().RunDue();
    if (g->next_js_context.IsEmpty()) {
      v8::Local<v8::Context> next = NewJsContext(g);
      if (!next.IsEmpty()) g->next_js_context.Reset(g->isolate, next);
    }
    return;
  }
  v8::Local<v8::Context> context = g->context.Get(g->isolate);
  v8::Context::Scope context_scope(context);
  g->delegate.runner().RunDue();
  Prepare(g, context);
}

// Stops whatever the isolate runs, from any thread (v8::Isolate::TerminateExecution).
void burrow_v8_guest_terminate(void* guest) { static_cast<Guest*>(guest)->isolate->TerminateExecution(); }

// Runs `source` as a script in the isolate and writes its result as a string into `out`.
// Returns 0, or -1 with the exception's text in `out`. (Start-up checks and tests.)
int32_t burrow_v8_guest_eval(void* guest, const char* source, char* out, size_t out_len) {
  Guest* g = static_cast<Guest*>(guest);
  v8::Isolate* isolate = g->isolate;
  v8::Locker locker(isolate);
  v8::Isolate::Scope isolate_scope(isolate);
  v8::HandleScope handle_scope(isolate);
  v8::Local<v8::Context> context = g->context.Get(isolate);
  v8::Context::Scope context_scope(context);
  v8::TryCatch tc(isolate);
  v8::Local<v8::String> src;
  v8::Local<v8::Script> script;
  v8::Local<v8::Value> result;
  if (!v8::String::NewFromUtf8(isolate, source).ToLocal(&src) || !v8::Script::Compile(context, src).ToLocal(&script) ||
      !script->Run(context).ToLocal(&result)) {
    CopyMessage(ExceptionText(isolate, context, tc), out, out_len);
    return -1;
  }
  CopyMessage(ToStdString(isolate, result), out, out_len);
  return 0;
}

// Compiles `wasm` (in the process's compiling isolate) into a module every isolate can
// instantiate, with `imports` (every import of the module, in order) bound to host functions.
// Returns an opaque pointer for burrow_v8_run / burrow_v8_compiled_free, or null with `err` set.
// `memory_min` < 0 when the module does not import its memory as kMemoryImport, else that
// memory's limits in pages; `nsegments` < 0 when its data segments are active, else the
// segments the runs write themselves.
void* burrow_v8_compile(const uint8_t* wasm, size_t len, const burrow_import_t* imports, size_t nimports,
                        int64_t memory_min, int64_t memory_max, const burrow_segment_t* segments,
                        int64_t nsegments, char* err, size_t err_len) {
  std::string error;
  Guest* g = CompilingIsolate(&error);
  if (g == nullptr) {
    CopyMessage(error, err, err_len);
    return nullptr;
  }
  v8::Isolate* isolate = g->isolate;
  v8::Locker locker(isolate);
  v8::Isolate::Scope isolate_scope(isolate);
  v8::HandleScope handle_scope(isolate);
  v8::Local<v8::Context> context = g->context.Get(isolate);
  v8::Context::Scope context_scope(context);
  Compiled* compiled = nullptr;
  {
    v8::TryCatch tc(isolate);
    v8::Local<v8::WasmModuleObject> module;
    if (!v8::WasmModuleObject::Compile(isolate, v8::MemorySpan<const uint8_t>(wasm, len)).ToLocal(&module)) {
      CopyMessage(ExceptionText(isolate, context, tc), err, err_len);
    } else {
      std::shared_ptr<Image> image;
      if (nsegments >= 0) {
        image = std::make_shared<Image>();
        for (int64_t i = 0; i < nsegments; i++) {
          const burrow_segment_t& seg = segments[i];
          image->segments.emplace_back(seg.offset, std::string(reinterpret_cast<const char*>(seg.data), seg.len));
        }
        image->MakeFile();
      }
      static std::atomic<uint64_t> next_id{1};
      compiled = new Compiled{next_id.fetch_add(1), module->GetCompiledModule(), {}, std::move(image), memory_min >= 0,
                              static_cast<uint32_t>(memory_min), static_cast<uint32_t>(memory_max)};
      for (size_t i = 0; i < nimports; i++) {
        const burrow_import_t& imp = imports[i];
        compiled->imports.push_back(Import{std::string(imp.module, imp.module_len),
                                           std::string(imp.name, imp.name_len), imp.index, imp.result});
      }
    }
  }
  g->delegate.runner().RunDue();
  return compiled;
}

// Runs the compiling isolate's due foreground tasks. It takes part in every wasm code GC of the
// modules it compiled (each isolate holding a module must report the code it uses, which an
// idle isolate does from a foreground task): without this, the first such GC would never
// finish and code replaced by tier-up would never be freed. Called periodically.
void burrow_v8_service() {
  std::string error;
  Guest* g = CompilingIsolate(&error, false);
  if (g == nullptr) return;
  v8::Isolate* isolate = g->isolate;
  v8::Locker locker(isolate);
  v8::Isolate::Scope isolate_scope(isolate);
  v8::HandleScope handle_scope(isolate);
  v8::Context::Scope context_scope(g->context.Get(isolate));
  g->delegate.runner().RunDue();
}

// Frees a module made by burrow_v8_compile (instances made from it keep its code alive).
void burrow_v8_compiled_free(void* compiled) { delete static_cast<Compiled*>(compiled); }

// Runs `compiled` in `guest`: instantiates it with its imports bound to host functions (each
// call goes to the host-call function with `data`), then calls `_start`. The isolate may have
// served earlier runs: their due foreground tasks run first, and a termination that ended the
// run (proc_exit) is cancelled at the end so that the isolate can serve the next one.
// Returns one of the kRun* codes; `msg` holds the exception text for kRunException and
// kRunInstantiateFailed; `info` the final memory size and whether the JS heap hit its limit.
int32_t burrow_v8_run(void* guest, const void* compiled_ptr, void* data, burrow_run_info_t* info, char* msg,
                      size_t msg_len) {
  Guest* g = static_cast<Guest*>(guest);
  const Compiled* compiled = static_cast<const Compiled*>(compiled_ptr);
  v8::Isolate* isolate = g->isolate;
  v8::Locker locker(isolate);
  v8::Isolate::Scope isolate_scope(isolate);
  v8::HandleScope handle_scope(isolate);
  v8::Local<v8::Context> context = g->context.Get(isolate);
  v8::Context::Scope context_scope(context);
  g->delegate.runner().RunDue();
  g->data = data;
  int32_t status = kRunReturned;
  {
    v8::TryCatch tc(isolate);
    auto failed = [&](int32_t code) {
      if (tc.HasTerminated() || isolate->IsExecutionTerminating()) return kRunTerminated;
      CopyMessage(ExceptionText(isolate, context, tc), msg, msg_len);
      return code;
    };
    v8::Local<v8::WasmModuleObject> module;
    v8::Local<v8::Object> imports;
    v8::Local<v8::Value> webassembly, instance_ctor, exports_value, memory_value, start_value, ignored;
    v8::Local<v8::Object> instance, memory;
    bool ok = context->Global()->Get(context, Str(isolate, "WebAssembly")).ToLocal(&webassembly) &&
              webassembly->IsObject() &&
              webassembly.As<v8::Object>()->Get(context, Str(isolate, "Instance")).ToLocal(&instance_ctor) &&
              instance_ctor->IsFunction();
    bool cached = ok && g->cached_id == compiled->id;
    if (cached) {
      module = g->cached_module.Get(isolate);
      imports = g->cached_imports.Get(isolate);
    } else if (ok) {
      g->cached_id = 0;
      g->cached_module.Reset();
      g->cached_imports.Reset();
      imports = v8::Object::New(isolate);
      SynchronousJobsScope synchronous_jobs;
      ok = v8::WasmModuleObject::FromCompiledModule(isolate, compiled->module).ToLocal(&module);
    }
    if (ok && compiled->import_memory) {
      v8::Local<v8::Value> ns_value;
      v8::Local<v8::Object> ns;
      v8::Local<v8::String> ns_name = Str(isolate, kMemoryImportModule);
      if (cached && imports->Get(context, ns_name).ToLocal(&ns_value) && ns_value->IsObject()) {
        ns = ns_value.As<v8::Object>();
      } else {
        ns = v8::Object::New(isolate);
        ok = imports->Set(context, ns_name, ns).FromMaybe(false);
      }
      ok = ok && RunMemory(g, context, compiled).ToLocal(&memory) &&
           ns->Set(context, Str(isolate, kMemoryImportName), memory).FromMaybe(false);
    }
    for (size_t i = 0; ok && !cached && i < compiled->imports.size(); i++) {
      const Import& imp = compiled->imports[i];
      v8::Local<v8::String> module_name = Str(isolate, imp.module);
      v8::Local<v8::Value> namespace_value;
      v8::Local<v8::Object> ns;
      ok = imports->Get(context, module_name).ToLocal(&namespace_value);
      if (ok && namespace_value->IsObject()) {
        ns = namespace_value.As<v8::Object>();
      } else if (ok) {
        ns = v8::Object::New(isolate);
        ok = imports->Set(context, module_name, ns).FromMaybe(false);
      }
      v8::Local<v8::Function> fn;
      ok = ok && v8::Function::New(context, HostCallback, v8::Integer::NewFromUnsigned(isolate, imp.index | (imp.result << 16)),
                                   0, v8::ConstructorBehavior::kThrow)
                     .ToLocal(&fn);
      ok = ok && ns->Set(context, Str(isolate, imp.name), fn).FromMaybe(false);
    }
    if (ok && !cached) {
      g->cached_id = compiled->id;
      g->cached_module.Reset(isolate, module);
      g->cached_imports.Reset(isolate, imports);
    }
    if (!ok) {
      status = failed(kRunInstantiateFailed);
    } else {
      v8::Local<v8::Value> argv[2] = {module, imports};
      // A start function that traps leaves the exception caught here, yet V8 may still hand
      // back an object (not an instance: reading its exports would replace the trap with a
      // TypeError).
      if (!instance_ctor.As<v8::Function>()->NewInstance(context, 2, argv).ToLocal(&instance) || tc.HasCaught()) {
        status = failed(kRunInstantiateFailed);
      } else if (!instance->Get(context, Str(isolate, "exports")).ToLocal(&exports_value) || !exports_value->IsObject()) {
        status = failed(kRunInstantiateFailed);
      } else {
        v8::Local<v8::Object> exports = exports_value.As<v8::Object>();
        if (!memory.IsEmpty()) {
          g->memory.Reset(isolate, memory.As<v8::WasmMemoryObject>());
        } else if (exports->Get(context, Str(isolate, "memory")).ToLocal(&memory_value) &&
                   memory_value->IsWasmMemoryObject()) {
          g->memory.Reset(isolate, memory_value.As<v8::WasmMemoryObject>());
        }
        if (!exports->Get(context, Str(isolate, "_start")).ToLocal(&start_value)) {
          status = failed(kRunInstantiateFailed);
        } else if (!start_value->IsFunction()) {
          status = kRunNoStart;
        } else if (!start_value.As<v8::Function>()->Call(context, v8::Undefined(isolate), 0, nullptr).ToLocal(&ignored)) {
          status = failed(kRunException);
        }
      }
    }
    // The next run in this isolate is likely of the same module: its memory is made ahead,
    // unless its image is mapped (then a new memory costs next to nothing, and touching all
    // of it ahead would cost more than the run saves).
    if (compiled->import_memory && (compiled->image == nullptr || compiled->image->fd < 0)) {
      g->prepared_min = compiled->memory_min;
      g->prepared_max = compiled->memory_max;
      g->prepared_image = compiled->image;
      g->prepare_pending = true;
    }
    if (info != nullptr) {
      uint8_t* ptr;
      size_t len;
      g->View(&ptr, &len);
      info->memory_len = len;
      info->heap_limit_hit = g->heap_limit_hit.load() ? 1 : 0;
    }
  }
  g->memory.Reset();
  g->buffer.Reset();
  g->buffer_data = nullptr;
  g->data = nullptr;
  isolate->CancelTerminateExecution();
  return status;
}

struct burrow_builtin_t {
  const char* name;
  size_t name_len;
  const char* source;
  size_t source_len;
};

// Registers the op function and the builtin modules of JavaScript guests (once; the sources
// must live as long as the process).
void burrow_v8_js_init(JsOp op, const burrow_builtin_t* builtins, size_t n) {
  std::lock_guard<std::mutex> lock(g_init_mutex);
  if (g_js_op != nullptr) return;
  for (size_t i = 0; i < n; i++) {
    const burrow_builtin_t& b = builtins[i];
    bool one_byte = std::all_of(b.source, b.source + b.source_len, [](char c) { return (c & 0x80) == 0; });
    g_builtins.emplace_back(std::string(b.name, b.name_len), Builtin{b.source, b.source_len, one_byte});
  }
  std::sort(g_builtins.begin(), g_builtins.end(),
            [](const std::pair<std::string, Builtin>& x, const std::pair<std::string, Builtin>& y) { return x.first < y.first; });
  g_js_op = op;
}

// Lets the next JavaScript run in `guest` grow its heap to `bytes` (when that is more than the
// isolate was made with; the limit then stops the run as the creation limit does).
void burrow_v8_guest_set_heap_limit(void* guest, size_t bytes) { static_cast<Guest*>(guest)->run_heap_limit = bytes; }

// Whether a run in `guest` grew its heap beyond the size it was made with.
int32_t burrow_v8_guest_heap_raised(void* guest) { return static_cast<Guest*>(guest)->heap_raised ? 1 : 0; }

// Ends a JavaScript run in `g`: reports what `info` holds and forgets everything of the run.
static void FinishJsRun(Guest* g, burrow_run_info_t* info) {
  v8::Isolate* isolate = g->isolate;
  if (info != nullptr) {
    info->memory_len = 0;
    info->heap_limit_hit = g->heap_limit_hit.load() ? 1 : 0;
    info->buffers_refused = g->allocator->Refused() ? 1 : 0;
  }
  g->allocator->Arm(SIZE_MAX);
  g->reject_handler.Reset();
  ClearModules(g);
  g->run_heap_limit = 0;
  isolate->SetPromiseRejectCallback(nullptr);
  g->data = nullptr;
  // Nothing of this run may run later in the isolate: its pending foreground tasks (a
  // FinalizationRegistry's cleanup, say) are dropped, and WeakRef targets it kept are let go.
  g->delegate.runner().Clear();
  isolate->ClearKeptObjects();
  isolate->CancelTerminateExecution();
}

// Runs a JavaScript process in `guest`: a fresh context with `__burrow`, then the builtin
// `bootstrap`, which runs the whole process. Returns kRunReturned when the bootstrap returned,
// kRunTerminated when the run was terminated (exit, a kill, a limit), kRunException (with `msg`)
// when the bootstrap itself failed.
int32_t burrow_v8_js_run(void* guest, const char* bootstrap, size_t bootstrap_len, void* data,
                         burrow_run_info_t* info, char* msg, size_t msg_len) {
  Guest* g = static_cast<Guest*>(guest);
  v8::Isolate* isolate = g->isolate;
  v8::Locker locker(isolate);
  v8::Isolate::Scope isolate_scope(isolate);
  v8::HandleScope handle_scope(isolate);
  g->delegate.runner().RunDue();
  v8::Local<v8::Context> context;
  if (!g->next_js_context.IsEmpty()) {
    context = g->next_js_context.Get(isolate);
    g->next_js_context.Reset();
  } else {
    context = NewJsContext(g);
  }
  int32_t status = kRunReturned;
  if (context.IsEmpty()) {
    CopyMessage("cannot create a context", msg, msg_len);
    return kRunException;
  }
  v8::Context::Scope context_scope(context);
  g->data = data;
  g->allocator->Arm(g->run_heap_limit > 0 ? g->run_heap_limit : SIZE_MAX);
  isolate->SetPromiseRejectCallback(PromiseRejected);
  {
    v8::TryCatch tc(isolate);
    const Builtin* main = FindBuiltin(std::string(bootstrap, bootstrap_len));
    v8::Local<v8::String> start_name = Str(isolate, "__burrow_start");
    v8::Local<v8::Value> start, ignored;
    // A context from the startup snapshot has run the bootstrap already; otherwise it runs now.
    bool ok = context->Global()->Get(context, start_name).ToLocal(&start);
    if (ok && !start->IsFunction()) {
      ok = main != nullptr && RunBootstrap(context, main, std::string(bootstrap, bootstrap_len)) &&
           context->Global()->Get(context, start_name).ToLocal(&start) && start->IsFunction();
    }
    ok = ok && start.As<v8::Function>()->Call(context, v8::Undefined(isolate), 0, nullptr).ToLocal(&ignored);
    if (!ok) {
      if (tc.HasTerminated() || isolate->IsExecutionTerminating()) {
        status = kRunTerminated;
      } else {
        CopyMessage(main == nullptr ? "no bootstrap builtin" : ExceptionText(isolate, context, tc), msg, msg_len);
        status = kRunException;
      }
    }
  }
  FinishJsRun(g, info);
  return status;
}

// Fuzzing and tests only (burrow-v8's `fuzzing` feature; nothing a guest runs reaches it):
// runs `source` as a plain script in a fresh context of `guest` (an isolate made without the
// startup snapshot) that holds `__burrow`, the natives, and nothing of the bootstrap. Ops reach
// the op function with `data`, ArrayBuffers and heap are limited as in burrow_v8_js_run, and
// the context's microtasks run after the script. Returns kRunReturned with the script's
// completion value in `msg` when it is a string, kRunTerminated, or kRunException with the
// uncaught exception's text in `msg`.
int32_t burrow_v8_js_run_natives(void* guest, const char* source, size_t source_len, void* data,
                                 burrow_run_info_t* info, char* msg, size_t msg_len) {
  Guest* g = static_cast<Guest*>(guest);
  v8::Isolate* isolate = g->isolate;
  v8::Locker locker(isolate);
  v8::Isolate::Scope isolate_scope(isolate);
  v8::HandleScope handle_scope(isolate);
  g->delegate.runner().RunDue();
  v8::Local<v8::Context> context = NewJsContext(g);
  if (context.IsEmpty()) {
    CopyMessage("cannot create a context", msg, msg_len);
    return kRunException;
  }
  v8::Context::Scope context_scope(context);
  g->data = data;
  g->allocator->Arm(g->run_heap_limit > 0 ? g->run_heap_limit : SIZE_MAX);
  isolate->SetPromiseRejectCallback(PromiseRejected);
  int32_t status = kRunReturned;
  {
    v8::TryCatch tc(isolate);
    v8::Local<v8::String> text;
    v8::Local<v8::Script> script;
    v8::Local<v8::Value> result;
    bool ok = InstallNatives(context) &&
              v8::String::NewFromUtf8(isolate, source, v8::NewStringType::kNormal, static_cast<int>(source_len))
                  .ToLocal(&text) &&
              v8::Script::Compile(context, text).ToLocal(&script) && script->Run(context).ToLocal(&result);
    if (ok && !isolate->IsExecutionTerminating()) context->GetMicrotaskQueue()->PerformCheckpoint(isolate);
    if (tc.HasTerminated() || isolate->IsExecutionTerminating()) {
      status = kRunTerminated;
    } else if (!ok) {
      CopyMessage(ExceptionText(isolate, context, tc), msg, msg_len);
      status = kRunException;
    } else {
      CopyMessage(result->IsString() ? ToStdString(isolate, result) : std::string(), msg, msg_len);
    }
  }
  FinishJsRun(g, info);
  return status;
}

// Makes the startup snapshot of JavaScript processes: a context in which the bootstrap builtin
// `bootstrap` has run (everything but `__burrow_start`). Returns an opaque pointer for
// burrow_v8_guest_new (freed by burrow_v8_js_snapshot_free), or null with `err` set.
void* burrow_v8_js_snapshot(const char* bootstrap, size_t bootstrap_len, char* err, size_t err_len) {
  std::string name(bootstrap, bootstrap_len);
  const Builtin* main = FindBuiltin(name);
  if (main == nullptr) {
    CopyMessage("no bootstrap builtin", err, err_len);
    return nullptr;
  }
  v8::Isolate* isolate = v8::Isolate::Allocate();
  if (isolate == nullptr) {
    CopyMessage("cannot allocate an isolate", err, err_len);
    return nullptr;
  }
  Delegate delegate;
  g_platform->RegisterIsolate(isolate, &delegate);
  std::string error;
  auto* blob = new v8::StartupData{nullptr, 0};
  {
    v8::SnapshotCreator creator(isolate, kExternalReferences);
    {
      v8::HandleScope handle_scope(isolate);
      v8::Local<v8::Context> context = v8::Context::New(isolate);
      {
        v8::Context::Scope context_scope(context);
        v8::TryCatch tc(isolate);
        if (!RunBootstrap(context, main, name)) error = ExceptionText(isolate, context, tc);
        isolate->PerformMicrotaskCheckpoint();
      }
      creator.SetDefaultContext(context);
    }
    // Compiled code is left out: every run deserializes the context, and bytecode made it
    // larger than compiling the few functions a run calls again.
    *blob = creator.CreateBlob(v8::SnapshotCreator::FunctionCodeHandling::kClear);
  }
  delegate.runner().Clear();
  g_platform->UnregisterIsolate(isolate);
  if (error.empty() && (blob->data == nullptr || blob->raw_size <= 0)) error = "V8 made no snapshot";
  if (!error.empty()) {
    delete[] blob->data;
    delete blob;
    CopyMessage(error, err, err_len);
    return nullptr;
  }
  return blob;
}

// Frees a snapshot made by burrow_v8_js_snapshot (no isolate made from it may be alive).
void burrow_v8_js_snapshot_free(void* snapshot) {
  auto* blob = static_cast<v8::StartupData*>(snapshot);
  delete[] blob->data;
  delete blob;
}

}  // extern "C"
