package com.example.xiaodenglu.wxapi

import android.app.Activity
import android.content.Intent
import android.os.Bundle
import com.example.xiaodenglu.MainActivity
import com.example.xiaodenglu.WeChat
import com.example.xiaodenglu.WeChatLogin
import com.tencent.mm.opensdk.constants.ConstantsAPI
import com.tencent.mm.opensdk.modelbase.BaseReq
import com.tencent.mm.opensdk.modelbase.BaseResp
import com.tencent.mm.opensdk.modelbiz.WXLaunchMiniProgram
import com.tencent.mm.opensdk.modelmsg.ShowMessageFromWX
import com.tencent.mm.opensdk.openapi.IWXAPIEventHandler

/**
 * Where WeChat returns: it must be `<applicationId>.wxapi.WXEntryActivity`, exported, `singleTask`, and
 * translucent so the user never sees it. Both ways back feed the same parser: `onResp` for
 * `navigateBackApplication`, `onReq` for the `launchApp` button (Android delivers that as ShowMessageFromWX).
 */
class WXEntryActivity : Activity(), IWXAPIEventHandler {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        handle(intent)
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        setIntent(intent)
        handle(intent)
    }

    private fun handle(intent: Intent) {
        if (!WeChat.api(this).handleIntent(intent, this)) returnToApp()
    }

    override fun onResp(resp: BaseResp) {
        if (resp.type == ConstantsAPI.COMMAND_LAUNCH_WX_MINIPROGRAM) {
            if (resp.errCode == BaseResp.ErrCode.ERR_OK) {
                WeChatLogin.receive((resp as WXLaunchMiniProgram.Resp).extMsg)
            } else {
                WeChatLogin.launchFailed(resp.errCode)
            }
        }
        returnToApp()
    }

    override fun onReq(req: BaseReq) {
        if (req is ShowMessageFromWX.Req) WeChatLogin.receive(req.message?.messageExt)
        returnToApp()
    }

    /** Back to the login screen, also when WeChat started the app afresh for the reply. */
    private fun returnToApp() {
        if (isFinishing) return
        startActivity(Intent(this, MainActivity::class.java).addFlags(Intent.FLAG_ACTIVITY_CLEAR_TOP or Intent.FLAG_ACTIVITY_SINGLE_TOP))
        finish()
    }
}
