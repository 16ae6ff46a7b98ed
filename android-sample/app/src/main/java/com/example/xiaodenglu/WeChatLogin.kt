package com.example.xiaodenglu

import android.content.Context
import android.os.Handler
import android.os.Looper
import cn.xiaodenglu.LaunchRequest
import cn.xiaodenglu.LaunchRequestException
import cn.xiaodenglu.LaunchResult
import cn.xiaodenglu.Pkce
import com.tencent.mm.opensdk.modelbiz.WXLaunchMiniProgram
import java.util.concurrent.Executors

/**
 * Drives one 小登录 login: make a PKCE verifier, open the mini-program with its challenge, read what
 * WXEntryActivity hands back, and send ticket + verifier to the app's backend. Main thread only.
 *
 * The verifier lives in this object's memory until the reply arrives, and is never logged. If Android kills
 * the process while the user is in WeChat, it is gone and the user logs in again (the ticket expires within
 * minutes anyway).
 */
object WeChatLogin {
    /** What the screen shows. */
    sealed class State {
        object Idle : State()
        object WaitingForWeChat : State()
        object SigningIn : State()
        class SignedIn(val session: Backend.Session) : State()
        object Cancelled : State()
        class Failed(val reason: String) : State()
    }

    var state: State = State.Idle
        private set

    /** Told of every change of [state]; MainActivity sets it while it is visible. */
    var listener: ((State) -> Unit)? = null

    private var verifier: String? = null
    private val backend = Backend(BuildConfig.BACKEND_URL)
    private val network = Executors.newSingleThreadExecutor()
    private val mainThread = Handler(Looper.getMainLooper())

    /** Opens the mini-program. Also while waiting: returning from WeChat without a reply calls nothing back. */
    fun start(context: Context) {
        // The ticket is with the backend; a second launch now would only race it.
        if (state == State.SigningIn) return
        val api = WeChat.api(context)
        if (!api.isWXAppInstalled) return update(State.Failed("WeChat is not installed"))
        val newVerifier = Pkce.newVerifier()
        val launch = try {
            LaunchRequest.builder(BuildConfig.USER_POOL_ID, BuildConfig.MINI_PROGRAM_USER_NAME)
                .wantPhone(true)
                .programType(LaunchRequest.ProgramType.RELEASE)
                .codeChallenge(Pkce.challenge(newVerifier))
                .build()
        } catch (misconfigured: LaunchRequestException) {
            // A wrong value in app/build.gradle.kts; the message names the field.
            return update(State.Failed(misconfigured.message ?: misconfigured.field()))
        }
        val request = WXLaunchMiniProgram.Req()
        request.userName = launch.userName()
        request.path = launch.path()
        request.miniprogramType = launch.miniprogramType()
        verifier = newVerifier
        update(State.WaitingForWeChat)
        if (!api.sendReq(request)) {
            verifier = null
            update(State.Failed("WeChat could not be opened"))
        }
    }

    /**
     * What the mini-program handed back: `WXLaunchMiniProgram.Resp.extMsg` from onResp, or
     * `ShowMessageFromWX.Req.message.messageExt` from onReq (the launchApp fallback). Only the first reply
     * to a launch still waiting counts.
     */
    fun receive(extMsg: String?) {
        val pendingVerifier = verifier ?: return
        if (state != State.WaitingForWeChat) return
        verifier = null
        val result = LaunchResult.parse(extMsg)
        when (result.kind()) {
            LaunchResult.Kind.SUCCESS -> signIn(result.ticket(), pendingVerifier)
            LaunchResult.Kind.CANCELLED -> update(State.Cancelled)
            LaunchResult.Kind.FAILURE -> update(State.Failed("${result.message()} (${result.code()})"))
            LaunchResult.Kind.MALFORMED -> update(State.Failed(
                if (result.malformedReason() == LaunchResult.MalformedReason.EMPTY_JSON_OBJECT) {
                    "WeChat returned no data: update WeChat and try again"
                } else {
                    "the mini-program sent an unexpected reply"
                }
            ))
        }
    }

    /** WeChat answered the launch with an error instead of a reply (errCode ≠ 0). */
    fun launchFailed(errCode: Int) {
        if (state != State.WaitingForWeChat) return
        verifier = null
        // -3 usually means a wrong userName or an app the Open Platform does not associate with the mini-program.
        update(State.Failed("WeChat could not open the mini-program (errCode $errCode)"))
    }

    private fun signIn(ticket: String, codeVerifier: String) {
        update(State.SigningIn)
        network.execute {
            val next = try {
                State.SignedIn(backend.signIn(BuildConfig.USER_POOL_ID, ticket, codeVerifier))
            } catch (failure: Exception) {
                State.Failed(failure.message ?: "sign-in failed")
            }
            mainThread.post { update(next) }
        }
    }

    private fun update(next: State) {
        state = next
        listener?.invoke(next)
    }
}
