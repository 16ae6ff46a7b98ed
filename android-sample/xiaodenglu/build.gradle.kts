plugins {
    `java-library`
}

// The same checks as ../run-junit.sh: the Java 8 API, which every Android app accepts.
tasks.withType<JavaCompile>().configureEach {
    options.release.set(8)
    options.encoding = "UTF-8"
    options.compilerArgs.addAll(listOf("-Xlint:all", "-Werror"))
}

dependencies {
    testImplementation(platform("org.junit:junit-bom:5.9.2"))
    testImplementation("org.junit.jupiter:junit-jupiter")
    testRuntimeOnly("org.junit.platform:junit-platform-launcher")
}

tasks.test {
    useJUnitPlatform()
    // The tests read test/vectors/ and the TypeScript sources in place, from the repository root.
    systemProperty("xiaodenglu.repoRoot", rootDir.parentFile.absolutePath)
}
