export { regularizedBeta, regularizedBetaComplement } from './incomplete-beta';
export { regularizedGammaP, regularizedGammaQ } from './incomplete-gamma';
export { logGamma } from './log-gamma';
export { normalCdf, normalPpf, normalSf } from './normal';
