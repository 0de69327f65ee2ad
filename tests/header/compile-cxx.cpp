// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Compile check for the public headers as C++: both headers inside the
// extern "C" guards, every structure, a sample of constants, the A/W name
// mapping. Built with -Werror (and again with -DUNICODE). Nothing here
// calls into libntms, so the program links without it.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <type_traits>

#include "ntmsapi.h"
#include "ntmsmli.h"

namespace {

template <typename... T>
struct Sizes {
        static constexpr std::size_t count = sizeof...(T);
        static constexpr std::size_t total = (sizeof(T) + ... + 0);
};

using AllTypes = Sizes<
        LARGE_INTEGER, SYSTEMTIME, GUID, SECURITY_ATTRIBUTES,
        NTMS_GUID, NTMS_HANDLE, PSECURITY_DESCRIPTOR_NTMS,
        NTMS_ASYNC_IO, NTMS_MOUNT_INFORMATION, NTMS_ALLOCATION_INFORMATION,
        NTMS_DRIVEINFORMATIONA, NTMS_DRIVEINFORMATIONW,
        NTMS_LIBRARYINFORMATION,
        NTMS_CHANGERINFORMATIONA, NTMS_CHANGERINFORMATIONW,
        NTMS_STORAGESLOTINFORMATION, NTMS_IEDOORINFORMATION, NTMS_IEPORTINFORMATION,
        NTMS_PMIDINFORMATIONA, NTMS_PMIDINFORMATIONW,
        NTMS_LMIDINFORMATION,
        NTMS_PARTITIONINFORMATIONA, NTMS_PARTITIONINFORMATIONW,
        NTMS_MEDIAPOOLINFORMATION, NTMS_MEDIATYPEINFORMATION,
        NTMS_DRIVETYPEINFORMATIONA, NTMS_DRIVETYPEINFORMATIONW,
        NTMS_CHANGERTYPEINFORMATIONA, NTMS_CHANGERTYPEINFORMATIONW,
        NTMS_LIBREQUESTINFORMATIONA, NTMS_LIBREQUESTINFORMATIONW,
        NTMS_OPREQUESTINFORMATIONA, NTMS_OPREQUESTINFORMATIONW,
        NTMS_COMPUTERINFORMATION, RSM_MESSAGE,
        NTMS_OBJECTINFORMATIONA, NTMS_OBJECTINFORMATIONW,
        NTMS_I1_LIBRARYINFORMATION,
        NTMS_I1_LIBREQUESTINFORMATIONA, NTMS_I1_LIBREQUESTINFORMATIONW,
        NTMS_I1_PMIDINFORMATIONA, NTMS_I1_PMIDINFORMATIONW,
        NTMS_I1_PARTITIONINFORMATIONA, NTMS_I1_PARTITIONINFORMATIONW,
        NTMS_I1_OPREQUESTINFORMATIONA, NTMS_I1_OPREQUESTINFORMATIONW,
        NTMS_I1_OBJECTINFORMATIONA, NTMS_I1_OBJECTINFORMATIONW,
        NTMS_FILESYSTEM_INFO, NTMS_NOTIFICATIONINFORMATION,
        NTMS_DRIVEINFORMATION, NTMS_CHANGERINFORMATION, NTMS_PMIDINFORMATION,
        NTMS_PARTITIONINFORMATION, NTMS_DRIVETYPEINFORMATION,
        NTMS_CHANGERTYPEINFORMATION, NTMS_LIBREQUESTINFORMATION,
        NTMS_OPREQUESTINFORMATION, NTMS_OBJECTINFORMATION,
        NTMS_I1_LIBREQUESTINFORMATION, NTMS_I1_PMIDINFORMATION,
        NTMS_I1_PARTITIONINFORMATION, NTMS_I1_OPREQUESTINFORMATION,
        NTMS_I1_OBJECTINFORMATION,
        MediaLabelInfo>;

static_assert(std::is_same<DWORD, std::uint32_t>::value, "DWORD is 32 bits");
static_assert(std::is_same<WCHAR, wchar_t>::value, "WCHAR is wchar_t");
static_assert(std::is_standard_layout<NTMS_OBJECTINFORMATIONW>::value, "C layout");

#ifdef UNICODE
static_assert(std::is_same<decltype(OpenNtmsSession), decltype(OpenNtmsSessionW)>::value, "W form");
static_assert(std::is_same<NTMS_OBJECTINFORMATION, NTMS_OBJECTINFORMATIONW>::value, "W form");
static_assert(std::is_same<LPNTMS_OBJECTINFORMATION, NTMS_OBJECTINFORMATIONW *>::value, "W form");
#else
static_assert(std::is_same<decltype(OpenNtmsSession), decltype(OpenNtmsSessionA)>::value, "A form");
static_assert(std::is_same<NTMS_OBJECTINFORMATION, NTMS_OBJECTINFORMATIONA>::value, "A form");
static_assert(std::is_same<LPNTMS_OBJECTINFORMATION, NTMS_OBJECTINFORMATIONA *>::value, "A form");
#endif

// Unevaluated calls: W forms accept L"..." literals, A forms plain ones.
static_assert(std::is_same<decltype(OpenNtmsSessionW(L"server", L"app", 0)), HANDLE>::value, "W call");
static_assert(std::is_same<decltype(OpenNtmsSessionA("server", "app", 0)), HANDLE>::value, "A call");
static_assert(std::is_same<decltype(GetNtmsObjectAttributeW(nullptr, nullptr, NTMS_DRIVE, L"name",
                                                            nullptr, nullptr)), DWORD>::value, "W call");

static_assert(NTMS_LM_DEFFERED == NTMS_LM_DEFERRED, "alias");
static_assert(NTMS_PARTSTATE_NEW == NTMS_PARTSTATE_UNKNOWN, "alias");
static_assert(NTMS_GENERIC_WRITE == 0x3, "generic write");
static_assert(ERROR_DATABASE_FULL == 4314, "error value");
static_assert(ERROR_SLOT_FULL == 0x20001008, "custom error value");

DWORD WINAPI max_media_label(DWORD *const pMaxSize) {
        *pMaxSize = NTMSMLI_MAXIDSIZE;
        return NO_ERROR;
}

} // namespace

int main() {
        NTMS_GUID null_guid = NTMS_NULLGUID;
        NTMS_OBJECTINFORMATION info = {};
        MAXMEDIALABEL max_fn = max_media_label;
        CLAIMMEDIALABEL claim_fn = nullptr;
        CLAIMMEDIALABELEX claim_ex_fn = nullptr;
        DWORD max_size = 0;

        info.dwSize = sizeof info;
        info.dwType = NTMS_DRIVE;
        info.Info.Drive.ScsiLun = 1;

        if (!NTMS_IS_NULLGUID(null_guid) || max_fn(&max_size) != NO_ERROR ||
            max_size != NTMSMLI_MAXIDSIZE || claim_fn || claim_ex_fn || AllTypes::total == 0)
                return 1;

        std::printf("header compile (C++%s) ok: %zu types, total %zu\n",
#ifdef UNICODE
                    ", UNICODE",
#else
                    "",
#endif
                    AllTypes::count, AllTypes::total);
        return 0;
}
