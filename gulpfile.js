/**
 * The one build of the mini-program: TypeScript by gulp-typescript (tsconfig.json), static files copied,
 * the deployment settings written as `deployment.js`, everything into the folder project.config.json's
 * `miniprogramRoot` names.
 *
 *   gulp build     clean, then type-check, compile (minified) and copy once
 *   gulp release   the same as a production build: settings checked for a published mini-program
 *                  (what DevTools runs before preview and upload)
 *   gulp quick     the same output as build without the type check (npm start; npm test and gulp build check types)
 *   gulp dev       readable build, then rebuild what changed on every save (errors are printed, watch survives)
 */
import gulp from 'gulp';
import ts from 'gulp-typescript';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { minify } from 'terser';
import { register } from 'tsx/esm/api';

// The build's own modules are TypeScript, shared with the service and the tests.
register();
const { deploymentModule, resolveDeployment } = await import('./scripts/deployment-config.ts');
const { buildInputsDigest, writeBuildStamp } = await import('./scripts/build-stamp.ts');
const { minifyWxml, minifyWxss } = await import('./scripts/minify-markup.ts');
const { buildConsole } = await import('./scripts/build-console.ts');

const { src, dest, series, parallel, watch, lastRun } = gulp;
const projectConfig = JSON.parse(readFileSync('project.config.json', 'utf8'));
const SRC = 'miniprogram';
const OUT = projectConfig.miniprogramRoot.replace(/\/$/, '');
const STATIC = [`${SRC}/**/*.{wxml,wxss,json,wxs,png,jpg,svg}`];

/** A stream transform applied to each file's contents. */
function eachFile(change) {
  return new Transform({
    objectMode: true,
    transform(file, _enc, done) {
      Promise.resolve(change(file))
        .then(() => done(null, file))
        .catch((error) => done(error));
    },
  });
}

/** Minified output keeps the package small (`npm run size`); `gulp dev` keeps it readable. */
function minifyScripts() {
  return eachFile(async (file) => {
    const out = await minify(file.contents.toString('utf8'), { ecma: 2018, toplevel: true, compress: { passes: 2 } }).catch((error) => {
      throw new Error(`minify ${file.relative}: ${error.message}`);
    });
    file.contents = Buffer.from(out.code ?? '');
  });
}

const COMPACTORS = {
  '.wxml': (text) => minifyWxml(text),
  '.wxss': (text, file) => minifyWxss(text, file.relative),
};

function compactMarkup() {
  return eachFile(async (file) => {
    const compact = COMPACTORS[file.extname];
    if (compact) file.contents = Buffer.from(await compact(file.contents.toString('utf8'), file));
  });
}

/** miniprogram/**\/*.ts → OUT/**\/*.js; type errors fail the task (a watch keeps going). */
function scriptsTask({ minified, typecheck }) {
  // isolatedModules: gulp-typescript transpiles file by file, without the type check.
  const project = ts.createProject('tsconfig.json', typecheck ? {} : { isolatedModules: true });
  const task = () => {
    const compiled = project.src().pipe(project(ts.reporter.longReporter()));
    let js = compiled.js;
    if (minified) js = js.pipe(minifyScripts());
    const written = js.pipe(dest(OUT));
    compiled.on('error', (err) => written.emit('error', err));
    return written;
  };
  task.displayName = 'scripts';
  return task;
}

/** WXML, WXSS, JSON, WXS and images, copied (compacted when minified). */
function assetsTask({ minified }) {
  const task = () => {
    const files = src(STATIC, { base: SRC, since: lastRun(task), encoding: false });
    return (minified ? files.pipe(compactMarkup()) : files).pipe(dest(OUT));
  };
  task.displayName = 'assets';
  return task;
}

/** deployment.js from the settings `settingsOf()` checked before anything was cleaned (docs/deployment.md). */
function deploymentTask(settingsOf) {
  const task = (done) => {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, 'deployment.js'), deploymentModule(settingsOf()));
    done();
  };
  task.displayName = 'deployment';
  return task;
}

/** `gulp clean`: remove the output folder. */
export async function clean() {
  await rm(OUT, { recursive: true, force: true });
}

/** A clean build that records what it was made from, so `npm start` can tell it is still current. */
function buildTask(options) {
  const env = options.production ? { ...process.env, NODE_ENV: 'production' } : process.env;
  let digest;
  let settings;
  // Settings first: a refused production build leaves the last build in place.
  const checkSettings = (done) => {
    settings = resolveDeployment(env);
    digest = buildInputsDigest('.', env, options.minified ? 'minified' : 'readable');
    done();
  };
  const stamp = (done) => {
    writeBuildStamp('.', OUT, digest);
    done();
  };
  const consoleTask = () => buildConsole();
  consoleTask.displayName = 'console';
  const parts = parallel(
    deploymentTask(() => settings),
    scriptsTask(options),
    assetsTask(options),
    consoleTask,
  );
  return { series: series(checkSettings, clean, parts, stamp), options };
}

function watchSources(options) {
  return function watching() {
    watch(`${SRC}/**/*.ts`, scriptsTask(options));
    watch(STATIC, assetsTask(options));
    console.log(`watching ${SRC}/ → ${OUT}/ (Ctrl-C to stop)`);
  };
}

const readable = buildTask({ minified: false, typecheck: true });

export const build = buildTask({ minified: true, typecheck: true }).series;
export const release = buildTask({ minified: true, typecheck: true, production: true }).series;
export const quick = buildTask({ minified: true, typecheck: false }).series;
export const dev = series(readable.series, watchSources(readable.options));
export default dev;
