// The English strings: one part per area of the console (en/*), each shaped like its Chinese counterpart.
import type { Messages } from './zh-CN';
import calendar from './en/calendar';
import catalog from './en/catalog';
import common from './en/common';
import credentials from './en/credentials';
import directory from './en/directory';
import evidence from './en/evidence';
import ingest from './en/ingest';
import quality from './en/quality';
import sharing from './en/sharing';
import wallet from './en/wallet';

const en: Messages = { ...common, ...directory, ...catalog, ...ingest, ...quality, ...sharing, ...calendar, ...credentials, ...evidence, ...wallet };

export default en;
