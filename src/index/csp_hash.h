// The Content-Security-Policy source that lets the index page's one inline
// script run and nothing else: "'sha256-<base64 of its SHA-256>'" (the
// digest comes from OpenSSL's libcrypto).
#ifndef TRACENOTE_SRC_INDEX_CSP_HASH_H_
#define TRACENOTE_SRC_INDEX_CSP_HASH_H_

#include <string>
#include <string_view>

namespace tracenote::index {

std::string CspHashSource(std::string_view script);

}  // namespace tracenote::index

#endif  // TRACENOTE_SRC_INDEX_CSP_HASH_H_
