/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Library requests (the work queue) and operator requests. */

#include "call.h"
#include "text.h"

NTMS_API DWORD WINAPI CancelNtmsLibraryRequest(HANDLE hSession, LPNTMS_GUID lpRequestId) {
        return ntms_session_call(hSession, "CancelLibraryRequest", "g", lpRequestId);
}

NTMS_API DWORD WINAPI GetNtmsRequestOrder(HANDLE hSession, LPNTMS_GUID lpRequestId, LPDWORD lpdwOrderNumber) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        uint32_t order;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!lpdwOrderNumber)
                return ERROR_INVALID_PARAMETER;

        e = ntms_call(s, &reply, "GetRequestOrder", NTMS_CALL_TIMEOUT_DEFAULT, "g", lpRequestId);
        if (e != ERROR_SUCCESS)
                return e;
        if (sd_bus_message_read(reply, "u", &order) < 0)
                return NTMS_ERROR_PROTOCOL;
        *lpdwOrderNumber = order;
        return ERROR_SUCCESS;
}

NTMS_API DWORD WINAPI SetNtmsRequestOrder(HANDLE hSession, LPNTMS_GUID lpRequestId, DWORD dwOrderNumber) {
        return ntms_session_call(hSession, "SetRequestOrder", "gu", lpRequestId, dwOrderNumber);
}

NTMS_API DWORD WINAPI DeleteNtmsRequests(HANDLE hSession, LPNTMS_GUID lpRequestId, DWORD dwType,
                                         DWORD dwCount) {
        /* Only the two kinds of request can be deleted: NTMS_LIBREQUEST (10)
         * and NTMS_OPREQUEST (17) are not neighbours, so check both. */
        if (dwType != NTMS_LIBREQUEST && dwType != NTMS_OPREQUEST)
                dwType = NTMS_NUMBER_OF_OBJECT_TYPES; /* fails the 't' check after the handle's */
        return ntms_session_call(hSession, "DeleteRequests", "Gt", lpRequestId, dwCount, dwType);
}

static DWORD submit_operator_request(HANDLE hSession, DWORD request, const TextArg *message,
                                     const NTMS_GUID *arg1, const NTMS_GUID *arg2, NTMS_GUID *ret) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!ret || message->error != ERROR_SUCCESS)
                return message->error != ERROR_SUCCESS ? message->error : ERROR_INVALID_PARAMETER;
        if (request < NTMS_OPREQ_NEWMEDIA || request > NTMS_OPREQ_MESSAGE)
                return ERROR_INVALID_PARAMETER;
        if (text_arg_chars(message) >= NTMS_MESSAGE_LENGTH)
                return ERROR_INVALID_PARAMETER;

        e = ntms_call(s, &reply, "SubmitOperatorRequest", NTMS_CALL_TIMEOUT_DEFAULT, "usoo",
                      request, message->s, arg1, arg2);
        if (e != ERROR_SUCCESS)
                return e;
        return ntms_read_guid(reply, ret);
}

NTMS_API DWORD WINAPI SubmitNtmsOperatorRequestW(HANDLE hSession, DWORD dwRequest, LPCWSTR lpMessage,
                                                 LPNTMS_GUID lpArg1Id, LPNTMS_GUID lpArg2Id,
                                                 LPNTMS_GUID lpRequestId) {
        _cleanup_(text_arg_done) TextArg message;
        text_arg_w(&message, lpMessage);
        return submit_operator_request(hSession, dwRequest, &message, lpArg1Id, lpArg2Id, lpRequestId);
}

NTMS_API DWORD WINAPI SubmitNtmsOperatorRequestA(HANDLE hSession, DWORD dwRequest, LPCSTR lpMessage,
                                                 LPNTMS_GUID lpArg1Id, LPNTMS_GUID lpArg2Id,
                                                 LPNTMS_GUID lpRequestId) {
        _cleanup_(text_arg_done) TextArg message;
        text_arg_a(&message, lpMessage);
        return submit_operator_request(hSession, dwRequest, &message, lpArg1Id, lpArg2Id, lpRequestId);
}

NTMS_API DWORD WINAPI WaitForNtmsOperatorRequest(HANDLE hSession, LPNTMS_GUID lpRequestId, DWORD dwTimeout) {
        _cleanup_(session_unlockp) Session *s = NULL;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        /* rsmd holds the call until the request completes or dwTimeout
         * passes; the bus timeout follows the caller's. */
        return ntms_call(s, NULL, "WaitForOperatorRequest", ntms_timeout_usec(dwTimeout), "gu",
                         lpRequestId, dwTimeout);
}

NTMS_API DWORD WINAPI CancelNtmsOperatorRequest(HANDLE hSession, LPNTMS_GUID lpRequestId) {
        return ntms_session_call(hSession, "CancelOperatorRequest", "g", lpRequestId);
}

NTMS_API DWORD WINAPI SatisfyNtmsOperatorRequest(HANDLE hSession, LPNTMS_GUID lpRequestId) {
        return ntms_session_call(hSession, "SatisfyOperatorRequest", "g", lpRequestId);
}
