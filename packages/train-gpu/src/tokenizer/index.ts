/** The hashing tokenizer (text → EmbeddingBag token bags). */
export { fnv1a, fnv1aBytes } from './fnv1a';
export {
  createTokenizer,
  TOKENIZER_RULES_VERSION,
  type Tokenizer,
  type TokenizerOptions,
} from './tokenizer';
