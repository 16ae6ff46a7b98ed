/**
 * The one build of the mini-program: TypeScript by gulp-typescript (tsconfig.json), static files copied,
 * everything written to the folder project.config.json's `miniprogramRoot` names.
 *
 *   gulp build   clean, then type-check, compile (minified) and copy once
 *   gulp quick   the same output without the type check (npm start; npm test and gulp build check types)
 *   gulp dev     readable build, then rebuild what changed on every save (errors are printed, watch survives)
 */
import gulp from 'gulp';
import ts from 'gulp-typescript';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { minify } from 'terser';
import { resolveDeployment, injectDeployment } from './scripts/deployment-config.js';
import { buildInputsDigest, writeBuildStamp } from './scripts/build-stamp.js';

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

/** Rewrites the compiled deployment.js with the operator's settings (see docs/deployment.md). */
function deploymentOverlay() {
  const deployment = resolveDeployment(process.env);
  return eachFile((file) => {
    if (file.relative === 'deployment.js') file.contents = Buffer.from(injectDeployment(file.contents.toString('utf8'), deployment));
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
  // Indentation and line breaks between tags are not rendered by WXML.
  '.wxml': (text) => text.replace(/>\s+</g, '><').trim(),
  '.wxss': (text) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .trim(),
};

function compactMarkup() {
  return eachFile((file) => {
    const compact = COMPACTORS[file.extname];
    if (compact) file.contents = Buffer.from(compact(file.contents.toString('utf8')));
  });
}

/** miniprogram/**\/*.ts → OUT/**\/*.js; type errors fail the task (a watch keeps going). */
function scriptsTask({ minified, typecheck }) {
  // isolatedModules: gulp-typescript transpiles file by file, without the type check.
  const project = ts.createProject('tsconfig.json', typecheck ? {} : { isolatedModules: true });
  const task = () => {
    const compiled = project.src().pipe(project(ts.reporter.longReporter()));
    let js = compiled.js.pipe(deploymentOverlay());
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

/** `gulp clean`: remove the output folder. */
export async function clean() {
  await rm(OUT, { recursive: true, force: true });
}

/** A clean build that records what it was made from, so `npm start` can tell it is still current. */
function buildTask(options) {
  let digest;
  const digestInputs = (done) => {
    digest = buildInputsDigest('.', process.env, options.minified ? 'minified' : 'readable');
    done();
  };
  const stamp = (done) => {
    writeBuildStamp('.', OUT, digest);
    done();
  };
  return { series: series(digestInputs, clean, parallel(scriptsTask(options), assetsTask(options)), stamp), options };
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
export const quick = buildTask({ minified: true, typecheck: false }).series;
export const dev = series(readable.series, watchSources(readable.options));
export default dev;
