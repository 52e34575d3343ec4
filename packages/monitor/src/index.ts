export * from './alerts';
export * from './detectors';
export * from './drift';
export * from './multivariate';
export * from './performance';
export * from './report';
export * from './retrain';
export * from './sketches';
