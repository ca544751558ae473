/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * asan.h: DS_UNDER_ASAN, 1 when this file is compiled with
 * AddressSanitizer (gcc's __SANITIZE_ADDRESS__ or clang's
 * __has_feature), else 0.  Code that ASan changes the ground under says
 * so with it: the sandbox's address-space limit (ASan reserves far more
 * than RLIMIT_AS allows) and dossier-index's crash handler (SIGSEGV is
 * left to ASan's report).
 */
#ifndef DOSSIER_ASAN_H
#define DOSSIER_ASAN_H

#if defined(__SANITIZE_ADDRESS__)
#define DS_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DS_UNDER_ASAN 1
#endif
#endif
#ifndef DS_UNDER_ASAN
#define DS_UNDER_ASAN 0
#endif

#endif /* DOSSIER_ASAN_H */
