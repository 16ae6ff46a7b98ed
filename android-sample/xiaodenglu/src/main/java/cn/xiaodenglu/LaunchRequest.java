package cn.xiaodenglu;

/**
 * What an app copies into {@code WXLaunchMiniProgram.Req} to open the 小登录 mini-program.
 *
 * <pre>{@code
 * LaunchRequest launch = LaunchRequest.builder("5e4cdd055df3df65dc58b97d", "gh_a781a791e29e")
 *         .codeChallenge(Pkce.challenge(verifier))
 *         .build();
 * WXLaunchMiniProgram.Req req = new WXLaunchMiniProgram.Req();
 * req.userName = launch.userName();
 * req.path = launch.path();
 * req.miniprogramType = launch.miniprogramType();
 * api.sendReq(req);
 * }</pre>
 *
 * <p>The value is validated when it is built, so its getters cannot fail. The rules are those of the
 * TypeScript reference ({@code sdk/launch-path.ts}) and the Swift package, held to
 * {@code test/vectors/launch-query.json}; the {@code codeChallenge} rules to {@code test/vectors/pkce.json}.
 * Immutable and safe to share between threads.
 */
public final class LaunchRequest {
    /** The page the launcher serves. The seed's prose also spells it {@code /routers/explore}; this library always sends this one. */
    public static final String ROUTE = "/routes/explore";

    /**
     * Which version of the mini-program WeChat opens. The numbers are the SDK's
     * {@code WXLaunchMiniProgram.Req.MINIPTOGRAM_TYPE_RELEASE} (the typo is the SDK's),
     * {@code MINIPROGRAM_TYPE_TEST} and {@code MINIPROGRAM_TYPE_PREVIEW}, and iOS's {@code WXMiniProgramType}.
     */
    public enum ProgramType {
        /** 正式版, the published version: the only one ordinary users can open. */
        RELEASE(0),
        /** 开发版, the developer build: opens only for the mini-program's developers. */
        TEST(1),
        /** 体验版, the trial build: opens only for the mini-program's testers. */
        PREVIEW(2);

        private final int sdkValue;

        ProgramType(int sdkValue) {
            this.sdkValue = sdkValue;
        }

        /** The value for {@code WXLaunchMiniProgram.Req.miniprogramType}. */
        public int sdkValue() {
            return sdkValue;
        }
    }

    private final String userPoolId;
    private final boolean wantPhone;
    private final boolean useSelfWxapp;
    private final String userName;
    private final ProgramType programType;
    private final String codeChallenge;

    private LaunchRequest(Builder builder) {
        this.userPoolId = builder.userPoolId;
        this.wantPhone = builder.wantPhone;
        this.useSelfWxapp = builder.useSelfWxapp;
        this.userName = builder.userName;
        this.programType = builder.programType;
        this.codeChallenge = builder.codeChallenge;
    }

    /**
     * Starts a launch request. Defaults: phone wanted, the hosted mini-program's credentials,
     * {@link ProgramType#RELEASE}, no code challenge.
     *
     * @param userPoolId the user pool (tenant) the login is for: 24 lowercase hex digits
     * @param userName the deployment's original id, {@code gh_…} (not its AppID {@code wx…})
     */
    public static Builder builder(String userPoolId, String userName) {
        return new Builder(userPoolId, userName);
    }

    /** The user pool the login is for. */
    public String userPoolId() {
        return userPoolId;
    }

    /** Whether the user's phone number is asked for ({@code getPhone=1}). */
    public boolean wantPhone() {
        return wantPhone;
    }

    /** Whether the login uses the pool's own mini-program credentials ({@code useSelfWxapp=1}). */
    public boolean useSelfWxapp() {
        return useSelfWxapp;
    }

    /** {@code WXLaunchMiniProgram.Req.userName}: the original id {@code gh_…}. */
    public String userName() {
        return userName;
    }

    /** The version of the mini-program to open. */
    public ProgramType programType() {
        return programType;
    }

    /** {@code WXLaunchMiniProgram.Req.miniprogramType}: 0 release, 1 test, 2 preview. */
    public int miniprogramType() {
        return programType.sdkValue();
    }

    /** The S256 code challenge sent in the path, or {@code null} when none is sent. */
    public String codeChallenge() {
        return codeChallenge;
    }

    /**
     * {@code WXLaunchMiniProgram.Req.path}, e.g.
     * {@code /routes/explore?userPoolId=5e4cdd055df3df65dc58b97d&getPhone=1&fromApp=1&useSelfWxapp=0},
     * then {@code &codeChallenge=…} when a challenge was given.
     *
     * <p>Every value is percent-encoded as {@code encodeURIComponent} does; a valid pool id, the flags and
     * a challenge need no escape, so the path equals the reference's. {@code fromApp=1} is always sent,
     * so the page returns the result to the app instead of showing it (try-it mode).
     */
    public String path() {
        StringBuilder path = new StringBuilder(ROUTE)
                .append("?userPoolId=").append(Contract.percentEncoded(userPoolId))
                .append("&getPhone=").append(wantPhone ? '1' : '0')
                .append("&fromApp=1")
                .append("&useSelfWxapp=").append(useSelfWxapp ? '1' : '0');
        if (codeChallenge != null) path.append("&codeChallenge=").append(Contract.percentEncoded(codeChallenge));
        return path.toString();
    }

    /** Collects the parameters of a launch; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private final String userPoolId;
        private final String userName;
        private boolean wantPhone = true;
        private boolean useSelfWxapp = false;
        private ProgramType programType = ProgramType.RELEASE;
        private String codeChallenge;

        private Builder(String userPoolId, String userName) {
            this.userPoolId = userPoolId == null ? "" : userPoolId;
            this.userName = userName == null ? "" : userName;
        }

        /** Ask for the user's phone number ({@code getPhone=1}); the default. */
        public Builder wantPhone(boolean wantPhone) {
            this.wantPhone = wantPhone;
            return this;
        }

        /** Log in with the pool's own mini-program credentials (private deployment) rather than the hosted ones. */
        public Builder useSelfWxapp(boolean useSelfWxapp) {
            this.useSelfWxapp = useSelfWxapp;
            return this;
        }

        /**
         * The version to open; {@link ProgramType#RELEASE} by default.
         *
         * @throws NullPointerException if {@code programType} is null
         */
        public Builder programType(ProgramType programType) {
            if (programType == null) throw new NullPointerException("programType");
            this.programType = programType;
            return this;
        }

        /**
         * Binds the ticket to this app (RFC 7636): the S256 challenge of a verifier the app keeps until
         * the result arrives ({@link Pkce#challenge}). {@code null}, the default, sends none.
         */
        public Builder codeChallenge(String codeChallenge) {
            this.codeChallenge = codeChallenge;
            return this;
        }

        /**
         * Validates the parameters.
         *
         * @throws LaunchRequestException naming the first field that is wrong: {@code userPoolId}, then
         *     {@code userName}, then {@code codeChallenge}
         */
        public LaunchRequest build() throws LaunchRequestException {
            if (userPoolId.isEmpty()) throw new LaunchRequestException(LaunchRequestException.Reason.USER_POOL_ID_EMPTY);
            if (!Contract.isPoolId(userPoolId)) throw new LaunchRequestException(LaunchRequestException.Reason.USER_POOL_ID_INVALID);
            if (userName.isEmpty()) throw new LaunchRequestException(LaunchRequestException.Reason.USER_NAME_EMPTY);
            if (!Contract.isOriginalId(userName)) {
                throw new LaunchRequestException(Contract.looksLikeAppId(userName)
                        ? LaunchRequestException.Reason.USER_NAME_IS_APP_ID
                        : LaunchRequestException.Reason.USER_NAME_INVALID);
            }
            if (codeChallenge != null && !Contract.isS256Challenge(codeChallenge)) {
                throw new LaunchRequestException(LaunchRequestException.Reason.CODE_CHALLENGE_INVALID);
            }
            return new LaunchRequest(this);
        }
    }
}
