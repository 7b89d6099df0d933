#include <mbedtls/sha256.h>
#include <mbedtls/md.h>
#include <mbedtls/constant_time.h>
