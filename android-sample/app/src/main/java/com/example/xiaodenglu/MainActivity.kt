package com.example.xiaodenglu

import android.app.Activity
import android.os.Bundle
import android.widget.Button
import android.widget.TextView

/** One button that starts a 小登录 login, and the state of that login. */
class MainActivity : Activity() {
    private lateinit var status: TextView
    private lateinit var logIn: Button

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContentView(R.layout.activity_main)
        status = findViewById(R.id.status)
        logIn = findViewById(R.id.log_in)
        logIn.setOnClickListener { WeChatLogin.start(this) }
    }

    override fun onStart() {
        super.onStart()
        WeChatLogin.listener = { show(it) }
        show(WeChatLogin.state)
    }

    override fun onStop() {
        WeChatLogin.listener = null
        super.onStop()
    }

    private fun show(state: WeChatLogin.State) {
        logIn.isEnabled = state != WeChatLogin.State.SigningIn
        status.text = when (state) {
            WeChatLogin.State.Idle -> getString(R.string.idle)
            WeChatLogin.State.WaitingForWeChat -> getString(R.string.waiting)
            WeChatLogin.State.SigningIn -> getString(R.string.signing_in)
            is WeChatLogin.State.SignedIn -> getString(R.string.signed_in, state.session.userId)
            WeChatLogin.State.Cancelled -> getString(R.string.cancelled)
            is WeChatLogin.State.Failed -> getString(R.string.failed, state.reason)
        }
    }
}
