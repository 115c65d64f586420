/** Vector compression for nearest-neighbour search: k-means, product and scalar quantization, the inverted file. */
export { kmeans, nearestCentroid, sampleRows, squaredDistance, type KMeansOptions, type KMeansResult } from './kmeans.js';
export { adcScore, adcTable, codebookBytes, decodeVector, encodeVector, encodeVectors, trainProductQuantizer, type PqMetric, type ProductQuantizer } from './product-quantizer.js';
export { decodeScalar, encodeScalar, scalarQueryTerms, trainScalarQuantizer, type ScalarQuantizer } from './scalar-quantizer.js';
export { InvertedFile, rerankExact, type InvertedFileConfig, type IvfEncoding } from './inverted-file.js';
export { TopKHeap } from './top-k-heap.js';
