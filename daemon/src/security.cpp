#include "security.h"

#include <argon2.h>
#include <openssl/evp.h>
#include <sys/random.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace jxjyd {
namespace {

void fill_random(unsigned char* out, std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(out + got, n - got, 0);
        if (r < 0) throw std::runtime_error("getrandom failed");
        got += static_cast<std::size_t>(r);
    }
}

std::string hex(const unsigned char* p, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    return out;
}

}  // namespace

std::string hash_password(const std::string& password, const KdfCost& cost) {
    unsigned char salt[16];
    fill_random(salt, sizeof salt);
    std::size_t len = argon2_encodedlen(cost.iterations, cost.memory_kib, cost.parallelism, sizeof salt, 32, Argon2_id);
    std::string encoded(len, '\0');
    int rc = argon2id_hash_encoded(cost.iterations, cost.memory_kib, cost.parallelism, password.data(), password.size(),
                                   salt, sizeof salt, 32, encoded.data(), encoded.size());
    if (rc != ARGON2_OK) throw std::runtime_error(argon2_error_message(rc));
    encoded.resize(std::char_traits<char>::length(encoded.c_str()));
    return encoded;
}

bool verify_password(const std::string& encoded, const std::string& password) {
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> b(bytes);
    fill_random(b.data(), b.size());
    return hex(b.data(), b.size());
}

std::string random_password() {
    static const std::string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    unsigned char b[12];
    fill_random(b, sizeof b);
    std::string out;
    for (unsigned char c : b) out.push_back(alphabet[c % alphabet.size()]);  // 256 % 56 bias is negligible here
    return out;
}

std::string sha256_hex(const std::string& data) {
    return sha256_hex({std::string_view(data)});
}

std::string sha256_hex(std::initializer_list<std::string_view> parts) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1;
    for (auto part : parts) ok = ok && EVP_DigestUpdate(ctx, part.data(), part.size()) == 1;
    ok = ok && EVP_DigestFinal_ex(ctx, md, &n) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) std::abort();  // only when OpenSSL cannot allocate a context: nothing sensible is left to do
    return hex(md, n);
}

std::string password_problem(const std::string& password, const std::string& login,
                             const std::vector<std::string>& common) {
    if (password.size() < 8) return "密码至少需要 8 个字符。";
    if (password.size() > 128) return "密码不能超过 128 个字符。";
    std::string lower = password;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(common.begin(), common.end(), lower) != common.end())
        return "这个密码过于常见，很容易被猜到，请换一个。";
    std::string l = login;
    std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!l.empty() && lower.find(l) != std::string::npos) return "密码不能包含账号名。";
    if (std::all_of(password.begin(), password.end(), [](unsigned char c) { return std::isdigit(c); }))
        return "密码不能全是数字（例如继续教育编号），请加入字母。";
    if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; }))
        return "密码不能是同一个字符的重复。";
    return {};
}

}  // namespace jxjyd
