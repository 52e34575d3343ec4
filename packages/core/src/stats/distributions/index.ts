export { betaCdf, betaSf } from './beta-distribution';
export { chiSquaredCdf, chiSquaredSf } from './chi-squared';
export { fDistributionCdf, fDistributionSf } from './f-distribution';
export { kolmogorovCdf, kolmogorovSf } from './kolmogorov';
export { kstwoCdf, kstwoSf } from './kstwo';
export { studentTCdf, studentTSf } from './student-t';
