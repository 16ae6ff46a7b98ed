package com.example.xiaodenglu

import java.net.HttpURLConnection
import java.net.URL
import org.json.JSONException
import org.json.JSONObject

/**
 * The app's own backend (examples/app-backend/ is one; its README.md states the contract). It receives the
 * ticket and the PKCE verifier, exchanges the ticket at `POST /oauth/app2wxapp/auth/:userPoolId` with the pool
 * secret (which never ships in the app), and answers with its own session for the user. Its errors are
 * `{ "error": "<reason>", "message": "<text>" }`.
 */
class Backend(private val baseUrl: String) {
    /** What this sample's backend answers: its own session for the user. */
    class Session(val userId: String, val token: String)

    /** `message` is what the backend said when it said something, else what went wrong on the way. */
    class Failure(message: String) : Exception(message)

    /** `POST <backend>/auth/wechat-mini-program` `{ poolId, ticket, codeVerifier }`. Blocks: call it off the main thread. */
    fun signIn(poolId: String, ticket: String, codeVerifier: String): Session {
        val body = JSONObject()
            .put("poolId", poolId)
            .put("ticket", ticket)
            .put("codeVerifier", codeVerifier)
            .toString()
            .toByteArray(Charsets.UTF_8)
        val connection = URL(baseUrl.trimEnd('/') + "/auth/wechat-mini-program").openConnection() as HttpURLConnection
        try {
            connection.requestMethod = "POST"
            connection.connectTimeout = 15_000
            connection.readTimeout = 15_000
            connection.doOutput = true
            connection.setRequestProperty("Content-Type", "application/json; charset=utf-8")
            connection.outputStream.use { it.write(body) }
            val status = connection.responseCode
            if (status != 200) throw Failure(failureMessage(status, connection.errorStream?.bufferedReader()?.use { it.readText() }))
            val answer = JSONObject(connection.inputStream.bufferedReader().use { it.readText() })
            return Session(answer.getString("userId"), answer.getString("token"))
        } catch (unreadable: JSONException) {
            throw Failure("the backend's answer could not be read")
        } finally {
            connection.disconnect()
        }
    }

    /** The backend's `message` (and `error`), or the bare status when the body is not its error. */
    private fun failureMessage(status: Int, body: String?): String {
        val answer = try {
            JSONObject(body ?: "")
        } catch (notJson: JSONException) {
            null
        }
        val message = answer?.optString("message").orEmpty()
        val reason = answer?.optString("error").orEmpty()
        return when {
            message.isNotEmpty() && reason.isNotEmpty() -> "$message ($reason)"
            message.isNotEmpty() -> message
            else -> "the backend answered HTTP $status"
        }
    }
}
