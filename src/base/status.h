// Status and StatusOr: how every module reports failure across its boundary.
// No exception leaves a module; corrupt input is an ordinary error value whose
// message names the stage and the byte offset ("trace_v1: offset 0x1a3f: ...").
#ifndef TRACENOTE_SRC_BASE_STATUS_H_
#define TRACENOTE_SRC_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace tracenote {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad command line or options
  kNotFound,         // a file that does not exist
  kIoError,          // the OS refused a read or a write
  kNotATrace,        // input is not in any format we know
  kCorrupt,          // input is in a known format but broken
  kUnsupported,      // a well-formed input of a version or feature we do not read
  kInternal,         // a bug in tracenote
};

// The result of an operation: ok, or a code with a human-readable message.
class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // A copy with `prefix: ` put before the message (used to add the file name).
  Status WithPrefix(const std::string& prefix) const {
    if (ok()) return *this;
    return Status(code_, prefix + ": " + message_);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status CorruptError(std::string m) { return Status(StatusCode::kCorrupt, std::move(m)); }
inline Status InvalidArgumentError(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}

// A value of type T, or the Status saying why there is none.
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok());
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace tracenote

#define TN_CONCAT_INNER(a, b) a##b
#define TN_CONCAT(a, b) TN_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                \
  do {                                       \
    ::tracenote::Status tn_status_ = (expr); \
    if (!tn_status_.ok()) return tn_status_; \
  } while (0)

#define TN_ASSIGN_OR_RETURN_IMPL(var, lhs, expr) \
  auto var = (expr);                             \
  if (!var.ok()) return var.status();            \
  lhs = std::move(var).value()

#define ASSIGN_OR_RETURN(lhs, expr) \
  TN_ASSIGN_OR_RETURN_IMPL(TN_CONCAT(tn_statusor_, __LINE__), lhs, expr)

#endif  // TRACENOTE_SRC_BASE_STATUS_H_
