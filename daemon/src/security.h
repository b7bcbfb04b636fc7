#pragma once
// Passwords (Argon2id), random tokens and digests.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "jxjy/result.h"

namespace jxjyd {

struct KdfCost {
    unsigned iterations = 3;
    unsigned memory_kib = 64 * 1024;  // OWASP's Argon2id minimum is 19 MiB; 64 MiB is comfortable here
    unsigned parallelism = 1;
};

std::string hash_password(const std::string& password, const KdfCost& cost);
bool verify_password(const std::string& encoded, const std::string& password);

std::string random_hex(std::size_t bytes);  // from the kernel's CSPRNG
std::string random_password();              // 12 characters, no look-alikes (0/O, 1/l)
std::string sha256_hex(const std::string& data);
// The digest of the parts one after the other, without joining them first.
std::string sha256_hex(std::initializer_list<std::string_view> parts);

// Why a new password is not acceptable, in Chinese; empty when it is.
std::string password_problem(const std::string& password, const std::string& login,
                             const std::vector<std::string>& common_passwords);

}  // namespace jxjyd
