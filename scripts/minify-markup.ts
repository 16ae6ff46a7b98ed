/**
 * How the build compacts WXML and WXSS: html-minifier-terser for WXML (case kept, tags left closed as
 * written, `{{…}}` untouched) and csso for WXSS (without restructuring: rules stay in their order, and
 * `@import "…"` stays in the string form wcsc reads — clean-css rewrites it to `url(…)`, which wcsc
 * refuses). test/build/minified-markup.test.ts proves WeChat's own compilers (wcc, wcsc) accept the
 * output and that the page renders the same tree from it.
 */
import { minify as minifyCss } from 'csso';
import { minify as minifyHtml } from 'html-minifier-terser';

export async function minifyWxml(source: string): Promise<string> {
  return minifyHtml(source, {
    caseSensitive: true,
    collapseWhitespace: true,
    keepClosingSlash: true,
    removeComments: true,
    ignoreCustomFragments: [/\{\{[\s\S]*?\}\}/],
  });
}

export function minifyWxss(source: string, file: string): string {
  return minifyCss(source, { restructure: false, filename: file }).css;
}
