export { abortableSleep } from './abortable-sleep';
