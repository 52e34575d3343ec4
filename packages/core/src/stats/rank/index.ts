export { type RankMethod, rankData } from './rank-data';
