#include "index/csp_hash.h"

#include <openssl/evp.h>

namespace tracenote::index {

std::string CspHashSource(std::string_view script) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(script.data(), script.size(), digest, &size, EVP_sha256(), nullptr);
  unsigned char base64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(base64, digest, static_cast<int>(size));
  return "'sha256-" + std::string(reinterpret_cast<const char*>(base64), static_cast<size_t>(n)) +
         "'";
}

}  // namespace tracenote::index
