/** True when dist/ holds an up-to-date compiled file for every TypeScript source (see freshness.js). */
export declare function distIsFresh(root?: string): boolean;
