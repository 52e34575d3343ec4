export { GPSampler, type GPSamplerOptions } from './gp-sampler';
