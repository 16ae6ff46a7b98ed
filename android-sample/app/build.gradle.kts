plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
}

android {
    // WeChat opens <applicationId>.wxapi.WXEntryActivity: keep the namespace, where the classes live,
    // equal to the applicationId.
    namespace = "com.example.xiaodenglu"
    compileSdk = 34

    defaultConfig {
        applicationId = "com.example.xiaodenglu"
        minSdk = 21
        targetSdk = 34
        versionCode = 1
        versionName = "1.0"

        // Everything that differs between deployments, in this one place. Replace the sample values.
        // The mobile app's AppID on the WeChat Open Platform (移动应用), not the mini-program's.
        buildConfigField("String", "WECHAT_APP_ID", "\"wx0000000000000000\"")
        // The 小登录 mini-program's original id (gh_…), not its AppID.
        buildConfigField("String", "MINI_PROGRAM_USER_NAME", "\"gh_a781a791e29e\"")
        buildConfigField("String", "USER_POOL_ID", "\"5e4cdd055df3df65dc58b97d\"")
        // Your own backend, which exchanges the ticket with the pool secret.
        buildConfigField("String", "BACKEND_URL", "\"https://api.app.example.com\"")
    }

    buildFeatures {
        buildConfig = true
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    kotlinOptions {
        jvmTarget = "17"
    }
}

dependencies {
    implementation(project(":xiaodenglu"))
    implementation("com.tencent.mm.opensdk:wechat-sdk-android:6.8.34")
}
