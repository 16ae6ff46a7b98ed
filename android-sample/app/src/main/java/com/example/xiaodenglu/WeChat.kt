package com.example.xiaodenglu

import android.content.Context
import com.tencent.mm.opensdk.openapi.IWXAPI
import com.tencent.mm.opensdk.openapi.WXAPIFactory

/** The one IWXAPI of the process, registered with the app's AppID (BuildConfig.WECHAT_APP_ID) when first used. */
object WeChat {
    private var api: IWXAPI? = null

    /** Main thread only. */
    fun api(context: Context): IWXAPI =
        api ?: WXAPIFactory.createWXAPI(context.applicationContext, BuildConfig.WECHAT_APP_ID, true).also {
            it.registerApp(BuildConfig.WECHAT_APP_ID)
            api = it
        }
}
