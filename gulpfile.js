/**
 * The one build of the mini-program: TypeScript by gulp-typescript (tsconfig.json), static files copied,
 * everything written to the folder project.config.json's `miniprogramRoot` names.
 *
 *   gulp build   clean, then compile (minified) and copy once
 *   gulp dev     unminified build, then rebuild what changed on every save (errors are printed, watch survives)
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

/** Rewrites the compiled deployment.js with the operator's settings (see docs/deployment.md). */
function deploymentOverlay() {
  const deployment = resolveDeployment(process.env);
  return new Transform({
    objectMode: true,
    transform(file, _enc, done) {
      if (file.relative === 'deployment.js') {
        file.contents = Buffer.from(injectDeployment(file.contents.toString('utf8'), deployment));
      }
      done(null, file);
    },
  });
}

let minifying = true;

/** Minified output keeps the package small (docs/size.md); `gulp dev` keeps it readable. */
function minifyScripts() {
  return new Transform({
    objectMode: true,
    transform(file, _enc, done) {
      if (!minifying) return done(null, file);
      minify(file.contents.toString('utf8'), { ecma: 2018, toplevel: true, compress: { passes: 2 } })
        .then((out) => {
          file.contents = Buffer.from(out.code ?? '');
          done(null, file);
        })
        .catch((err) => done(new Error(`minify ${file.relative}: ${err.message}`)));
    },
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
  return new Transform({
    objectMode: true,
    transform(file, _enc, done) {
      const compact = COMPACTORS[file.extname];
      if (minifying && compact) file.contents = Buffer.from(compact(file.contents.toString('utf8')));
      done(null, file);
    },
  });
}

let tsProject;
/** `gulp scripts`: miniprogram/**\/*.ts → OUT/**\/*.js */
export function scripts() {
  tsProject ??= ts.createProject('tsconfig.json');
  const compiled = tsProject.src().pipe(tsProject(ts.reporter.longReporter()));
  const written = compiled.js.pipe(deploymentOverlay()).pipe(minifyScripts()).pipe(dest(OUT));
  // gulp-typescript reports type errors on the compile stream; make them fail this task (watch keeps going).
  compiled.on('error', (err) => written.emit('error', err));
  return written;
}

/** `gulp assets`: WXML, WXSS, JSON, WXS and images copied as they are. */
export function assets() {
  return src(STATIC, { base: SRC, since: lastRun(assets), encoding: false }).pipe(compactMarkup()).pipe(dest(OUT));
}

/** `gulp clean`: remove the output folder. */
export async function clean() {
  await rm(OUT, { recursive: true, force: true });
}

function watchSources() {
  watch(`${SRC}/**/*.ts`, scripts);
  watch(STATIC, assets);
  console.log(`watching ${SRC}/ → ${OUT}/ (Ctrl-C to stop)`);
}

function readable(done) {
  minifying = false;
  done();
}

let inputsDigest;
function digestInputs(done) {
  inputsDigest = buildInputsDigest('.', process.env, minifying ? 'minified' : 'readable');
  done();
}

/** Records what this build was made from, so `npm start` can tell it is still current. */
function stamp(done) {
  writeBuildStamp('.', OUT, inputsDigest);
  done();
}

export const build = series(digestInputs, clean, parallel(scripts, assets), stamp);
export const dev = series(readable, build, watchSources);
export default dev;
