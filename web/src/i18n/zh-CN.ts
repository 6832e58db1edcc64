// The Chinese strings, the reference language: one part per area of the console (zh-CN/*), assembled here.
// Every other language must provide the same keys (see Messages).
import calendar from './zh-CN/calendar';
import catalog from './zh-CN/catalog';
import common from './zh-CN/common';
import credentials from './zh-CN/credentials';
import directory from './zh-CN/directory';
import evidence from './zh-CN/evidence';
import ingest from './zh-CN/ingest';
import quality from './zh-CN/quality';
import sharing from './zh-CN/sharing';
import wallet from './zh-CN/wallet';

const zhCN = { ...common, ...directory, ...catalog, ...ingest, ...quality, ...sharing, ...calendar, ...credentials, ...evidence, ...wallet };

/** The same keys with any strings in place of the Chinese literals: the shape another language fills in. */
export type DeepStringify<T> = { [K in keyof T]: T[K] extends string ? string : DeepStringify<T[K]> };
export type Messages = DeepStringify<typeof zhCN>;

export default zhCN;
