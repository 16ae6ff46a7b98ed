/**
 * Static checks on the iOS sample app (no Swift toolchain or Xcode here): the concurrency pattern
 * Swift 5.10 refuses, the WechatOpenSDK pod, the AppID written once, the Universal Link and bundle
 * id agreeing across files, and the app-backend contract both samples call
 * (examples/app-backend/README.md).
 */
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { at, iosRoot, nodes, parse, readSource, swiftFiles, swiftParser } from './swift-sources';

const SAMPLE = 'ios-sample/SampleApp';

/**
 * `Task { … self?… }` closures that do not take `self` in their own capture list: they read the
 * `weak var self` an outer closure captured, inside concurrently-executing code, which Swift 5.10
 * (Xcode 15.3) and Swift 6 refuse ("reference to captured var 'self' in concurrently-executing code").
 */
function tasksReadingAnOuterWeakSelf(file: string, root: Node): string[] {
  const found: string[] = [];
  for (const node of nodes(root)) {
    if (node.type !== 'call_expression') continue;
    const callee = node.children[0];
    if (!callee || !/^Task(\.detached)?$/.test(callee.text)) continue;
    const lambda = [...nodes(node)].find((n) => n.type === 'lambda_literal');
    if (!lambda) continue;
    const captures = lambda.children.find((c) => c?.type === 'capture_list');
    const capturesWeakSelf = !!captures && /\bweak\s+self\b/.test(captures.text);
    const readsOptionalSelf = [...nodes(lambda)].some((n) => n.type === 'self_expression' && n.nextSibling?.text === '?');
    const body = lambda.children.find((c) => c?.type === 'statements');
    const readsSelfOptionally = readsOptionalSelf || /\bself\?/.test(body?.text ?? '');
    if (readsSelfOptionally && !capturesWeakSelf) found.push(`${at(file, node)}: Task reads self? without its own [weak self]`);
  }
  return found;
}

/** `pod 'WechatOpenSDK'` (the classic static library), not `WechatOpenSDK-XCFramework`. */
const classicPod = (podfile: string): boolean => /^\s*pod\s+['"]WechatOpenSDK['"]/m.test(podfile);

const APP_ID = /\bwx[0-9a-f]{16}\b/g;

describe('the iOS sample app', () => {
  it('has no Task that reads an outer closure`s weak self', async () => {
    const p = await swiftParser();
    const found = swiftFiles(iosRoot).flatMap((file) => tasksReadingAnOuterWeakSelf(file, parse(p, readSource(file)).rootNode));
    expect(found).toEqual([]);
  });

  it('the Task check finds the pattern Swift 5.10 refuses, and passes the fix', async () => {
    const p = await swiftParser();
    const old =
      'func f() {\n  send(r) { [weak self] sent in\n    Task { @MainActor in\n      if !sent { self?.state = 1 }\n    }\n  }\n}\n';
    expect(tasksReadingAnOuterWeakSelf('Old.swift', parse(p, old).rootNode)).toEqual([
      'Old.swift:3: Task reads self? without its own [weak self]',
    ]);
    const fixed = old.replace('Task { @MainActor in', 'Task { @MainActor [weak self] in');
    expect(tasksReadingAnOuterWeakSelf('Fixed.swift', parse(p, fixed).rootNode)).toEqual([]);
  });

  it('links WechatOpenSDK-XCFramework (arm64 simulator slice), not the classic pod', () => {
    const podfile = readSource(`${SAMPLE}/Podfile`);
    expect(classicPod(podfile)).toBe(false);
    expect(podfile).toMatch(/^\s*pod\s+['"]WechatOpenSDK-XCFramework['"]/m);
    expect(classicPod("target 'A' do\n  pod 'WechatOpenSDK'\nend\n")).toBe(true);
    expect(classicPod("target 'A' do\n  pod \"WechatOpenSDK\", '~> 1.9'\nend\n")).toBe(true);
  });

  it('writes the AppID once: project.yml`s WECHAT_APP_ID, which Info.plist passes on', () => {
    const files = [...swiftFiles(`${iosRoot}/SampleApp`), `${SAMPLE}/SampleApp/Info.plist`, `${SAMPLE}/Podfile`];
    const elsewhere = files.filter((file) => readSource(file).match(APP_ID));
    expect(elsewhere).toEqual([]);
    const project = readSource(`${SAMPLE}/project.yml`);
    expect(project.match(APP_ID)).toHaveLength(1);
    expect(project).toMatch(/^\s+WECHAT_APP_ID: wx[0-9a-f]{16}$/m);
    const plist = readSource(`${SAMPLE}/SampleApp/Info.plist`);
    expect(plist).toMatch(/<key>WeChatAppID<\/key>\s*<string>\$\(WECHAT_APP_ID\)<\/string>/);
    expect(plist).toMatch(/<key>CFBundleURLSchemes<\/key>\s*<array>\s*<string>\$\(WECHAT_APP_ID\)<\/string>/);
    expect(readSource(`${SAMPLE}/SampleApp/AppConfiguration.swift`)).toContain('infoString("WeChatAppID")');
  });

  it('the README`s apple-app-site-association names the sample`s bundle id and Universal Link', () => {
    const bundleId = /PRODUCT_BUNDLE_IDENTIFIER: (\S+)/.exec(readSource(`${SAMPLE}/project.yml`))?.[1];
    expect(bundleId).toBeTruthy();
    const readme = readSource('ios-sample/README.md');
    const appIds = [...readme.matchAll(/"appID": "([^"]+)"/g)].map((m) => m[1]);
    expect(appIds).toEqual([`TEAMID.${bundleId}`]);
    const universalLink = /universalLink: "https:\/\/([^/"]+)(\/[^"]*)"/.exec(readSource(`${SAMPLE}/SampleApp/AppConfiguration.swift`));
    expect(universalLink).not.toBeNull();
    const [, host, path] = universalLink ?? [];
    expect(readSource(`${SAMPLE}/SampleApp/SampleApp.entitlements`)).toContain(`<string>applinks:${host}</string>`);
    expect(readme).toContain(`"paths": ["${path}*"]`);
    expect(readme).toContain(`https://${host}/.well-known/apple-app-site-association`);
  });

  it('binds the ticket to the app: a Pkce verifier, its challenge in the launch, the verifier to the backend', () => {
    const login = readSource(`${SAMPLE}/SampleApp/WeChatLogin.swift`);
    expect(login).toContain('Pkce.newVerifier()');
    expect(login).toMatch(/codeChallenge: try Pkce\.challenge\(for: verifier\)/);
    expect(login).toMatch(/backend\.signIn\(poolId: [^)]*ticket: ticket, codeVerifier: verifier\)/);
  });

  it('both samples call the app backend`s contract: POST /auth/wechat-mini-program { poolId, ticket, codeVerifier } → { userId, token }', () => {
    const swift = readSource(`${SAMPLE}/SampleApp/Backend.swift`);
    const kotlin = readSource('android-sample/app/src/main/java/com/example/xiaodenglu/Backend.kt');
    for (const [name, source] of [
      ['Backend.swift', swift],
      ['Backend.kt', kotlin],
    ] as const) {
      expect(source, name).toMatch(/"\/?auth\/wechat-mini-program"/);
      for (const field of ['poolId', 'ticket', 'codeVerifier', 'userId', 'token', 'message', 'error'])
        expect(source, `${name}: ${field}`).toContain(field);
    }
    // Swift: the request body's keys and the answer's fields.
    expect(swift).toMatch(/\["poolId": poolId, "ticket": ticket\]/);
    expect(swift).toMatch(/fields\["codeVerifier"\] = verifier/);
    expect(swift).toMatch(/let userId: String\s+let token: String/);
  });
});
